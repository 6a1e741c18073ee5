-- Every transfer of a subject's data out of the service at their request
-- (전송요구, Act 35-2; Decree 42-6 asks the transfer logs kept 3 years):
-- when, whose (opaque ID), in which format, how many records. Kept 3 years,
-- then dropped by the rights daily run.
CREATE TABLE rights_transfers (
    id          TEXT   PRIMARY KEY,
    service     TEXT   NOT NULL,
    subject_id  TEXT   NOT NULL,
    format      TEXT   NOT NULL,
    records     BIGINT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX rights_transfers_at ON rights_transfers (at);
CREATE INDEX rights_transfers_subject ON rights_transfers (subject_id, at);
