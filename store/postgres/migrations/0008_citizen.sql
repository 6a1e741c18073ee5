-- Citizen logins and sessions (package citizen). The account record itself
-- (login name, password hash) is personal data and lives in the vault; these
-- tables hold opaque subject IDs only. Times are Unix microseconds.

-- Sessions by the SHA-256 of their token; the token itself is never stored.
CREATE TABLE citizen_sessions (
    token_hash BYTEA  NOT NULL PRIMARY KEY,
    subject_id TEXT   NOT NULL,
    service    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX citizen_sessions_subject ON citizen_sessions (subject_id);
CREATE INDEX citizen_sessions_expires ON citizen_sessions (expires_at);

-- Consecutive failed logins per subject; the account locks at the limit.
CREATE TABLE citizen_logins (
    subject_id TEXT    NOT NULL PRIMARY KEY,
    failures   INTEGER NOT NULL CHECK (failures >= 0),
    locked_at  BIGINT
);
