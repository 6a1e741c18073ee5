-- Data-subject rights requests (package rights): access, correction,
-- deletion, suspension, consent withdrawal, objection and transmission, each
-- on its 10-day clock. Opaque IDs, codes and times only: what a request
-- concerns is named by purpose and item IDs (schema names), its answer by
-- a status and a reason code; the personal data it reaches stays in the
-- vault and is read through the gate. requester is subject,
-- representative or proxy; requester_ref an opaque reference of the
-- verification that proved who asked; channel online, paper, email or fax.
-- attorney_* hold a proxy's power of attorney (위임장): the kinds it covers
-- and its period. Times are Unix microseconds.
CREATE TABLE rights_requests (
    id              TEXT   PRIMARY KEY,
    service         TEXT   NOT NULL,
    subject_id      TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    purposes        TEXT   NOT NULL DEFAULT '',
    items           TEXT   NOT NULL DEFAULT '',
    requester       TEXT   NOT NULL,
    requester_ref   TEXT   NOT NULL DEFAULT '',
    channel         TEXT   NOT NULL,
    attorney_kinds  TEXT   NOT NULL DEFAULT '',
    attorney_from   BIGINT,
    attorney_until  BIGINT,
    parent_id       TEXT   NOT NULL DEFAULT '',
    status          TEXT   NOT NULL,
    received_at     BIGINT NOT NULL,
    due_at          BIGINT NOT NULL,
    extended_at     BIGINT,
    extend_reason   TEXT   NOT NULL DEFAULT '',
    answered_at     BIGINT,
    reason          TEXT   NOT NULL DEFAULT '',
    withheld        TEXT   NOT NULL DEFAULT '',
    escalated_at    BIGINT,
    missed_at       BIGINT,
    -- what the request set going in the gate, for its answer to finish:
    -- correction freezes (purpose:cor_…), suspensions (purpose:sus_…)
    refs            TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX rights_requests_subject ON rights_requests (subject_id, received_at);
CREATE INDEX rights_requests_open ON rights_requests (status, due_at);
-- Every step of a request, in order: filed, opened, extended, answered,
-- refused, escalated, missed, notified. actor is the opaque handler
-- (staff:<account>, subject:<id>, system:<job>); detail a code, never
-- free text.
CREATE TABLE rights_events (
    request_id  TEXT   NOT NULL,
    seq         INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    action      TEXT   NOT NULL,
    detail      TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, seq)
);
