-- The vault (package vault): the only tables that hold personal data, all of
-- it sealed. Only package vault names these tables (internal/arch enforces
-- it). Times are Unix microseconds.

-- Subjects: opaque IDs, one per person per service.
CREATE TABLE pd_subjects (
    id         TEXT PRIMARY KEY,
    service    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One data key per (subject, purpose), wrapped by a key-encryption key.
-- Deleting the row destroys every record sealed under it (crypto-shredding).
CREATE TABLE pd_keys (
    subject_id TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    kek_id     TEXT NOT NULL,
    wrapped    BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (subject_id, purpose)
);

-- Records: sealed item values of one subject for one purpose, under one
-- retention rule. items lists the item IDs (schema names, never values).
CREATE TABLE pd_records (
    id         TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    service    TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    rule       TEXT NOT NULL,
    items      TEXT NOT NULL,
    sealed     BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    due_at     BIGINT
);
CREATE INDEX pd_records_subject ON pd_records (subject_id, purpose);
CREATE INDEX pd_records_due ON pd_records (due_at) WHERE due_at IS NOT NULL;

-- Blind indexes: HMAC-SHA256 of normalised identifiers, for exact look-up.
CREATE TABLE pd_index (
    service    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    digest     BYTEA NOT NULL,
    subject_id TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    PRIMARY KEY (service, kind, digest, subject_id, purpose)
);
CREATE INDEX pd_index_subject ON pd_index (subject_id, purpose);

-- The consent ledger: one row per consent given; withdrawal stamps it.
CREATE TABLE pd_consents (
    id                 TEXT PRIMARY KEY,
    subject_id         TEXT NOT NULL,
    service            TEXT NOT NULL,
    scope              TEXT NOT NULL,
    given_at           BIGINT NOT NULL,
    channel            TEXT NOT NULL,
    policy_version     TEXT NOT NULL,
    text_sha256        TEXT NOT NULL,
    representative     TEXT,
    rep_verified_at    BIGINT,
    withdrawn_at       BIGINT,
    withdrawn_channel  TEXT
);
CREATE INDEX pd_consents_subject ON pd_consents (subject_id, scope);

-- Processing suspensions (처리정지) per subject and purpose.
CREATE TABLE pd_suspensions (
    id           TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    lifted_at    BIGINT
);
CREATE INDEX pd_suspensions_subject ON pd_suspensions (subject_id, purpose);

-- Pending corrections (정정·삭제 요구): the items are neither used nor provided.
CREATE TABLE pd_corrections (
    id           TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    items        TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    resolved_at  BIGINT,
    outcome      TEXT
);
CREATE INDEX pd_corrections_subject ON pd_corrections (subject_id, purpose);

-- The key canary: proves at start that the keyring is the one this database was written with.
CREATE TABLE vault_meta (
    k TEXT PRIMARY KEY,
    v BYTEA NOT NULL
);
