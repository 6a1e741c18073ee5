-- Notices to data subjects (package rights), delivered through the outbox:
-- reconsent (a new policy version makes a consent insufficient; ref is the
-- version) and usage (이용·제공 내역 통지, Act 20-2: ref is the year). body
-- is JSON of IDs and schema names only (scopes, purposes, item IDs,
-- provision IDs, counts), never a value. delivered_at is set by the outbox
-- job that delivers it. One notice per subject, kind and ref.
CREATE TABLE rights_notices (
    id            TEXT   PRIMARY KEY,
    service       TEXT   NOT NULL,
    subject_id    TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    ref           TEXT   NOT NULL,
    body          TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    delivered_at  BIGINT,
    UNIQUE (subject_id, kind, ref)
);
CREATE INDEX rights_notices_subject ON rights_notices (subject_id, created_at);
-- Runs done once per service and key: reconsent notices for a policy
-- version, usage notices for a year.
CREATE TABLE rights_runs (
    service  TEXT   NOT NULL,
    kind     TEXT   NOT NULL,
    ref      TEXT   NOT NULL,
    done_at  BIGINT NOT NULL,
    PRIMARY KEY (service, kind, ref)
);
