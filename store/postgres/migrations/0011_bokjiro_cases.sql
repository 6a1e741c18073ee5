-- 복지로 cases (package welfare/cases): online applications, help requests
-- and fraud reports. Opaque IDs and states only: every personal item of a
-- case is a vault record whose case_id is the case's ID, kept and destroyed
-- by the vault under the policy's rules. kind is application, help or
-- fraud; state is the case's step (draft, submitted, under_review,
-- notified; received, completed; filed); outcome is the result notified
-- (a code such as approved or rejected); service is the catalogue service
-- applied for. Times are Unix microseconds.
CREATE TABLE bokjiro_cases (
    id          TEXT   PRIMARY KEY,
    kind        TEXT   NOT NULL,
    subject_id  TEXT   NOT NULL,
    state       TEXT   NOT NULL,
    outcome     TEXT   NOT NULL DEFAULT '',
    service     TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX bokjiro_cases_subject ON bokjiro_cases (subject_id, kind);
CREATE INDEX bokjiro_cases_state ON bokjiro_cases (kind, state);
-- One row per provision a fraud report was filed with: the recipient's
-- receipt (its own opaque reference) and the retention it recorded, as the
-- provision declares it.
CREATE TABLE bokjiro_transfers (
    case_id     TEXT   NOT NULL,
    provision   TEXT   NOT NULL,
    reference   TEXT   NOT NULL,
    retention   TEXT   NOT NULL,
    sent_at     BIGINT NOT NULL,
    PRIMARY KEY (case_id, provision)
);
