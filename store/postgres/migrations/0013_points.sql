-- The healthcare points ledger (package healthcare/pointsvc). Opaque subject
-- IDs and point amounts only: no personal data, so none of these is a pd_*
-- table. Times are Unix microseconds; days are YYYY-MM-DD in Asia/Seoul.
-- points_entries: every accrual (daily, weekly), conversion debit and
-- refund; entry_key makes each idempotent (one daily accrual per subject
-- per day). points_accounts: the balance, decremented only where it stays
-- non-negative. points_years: what each subject earned in a calendar year,
-- for the yearly cap. points_conversions: conversions to 서울페이 and where
-- the card company's side of each stands.
CREATE TABLE points_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject     TEXT    NOT NULL,
    entry_key   TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    rule        TEXT    NOT NULL DEFAULT '',
    earned      BIGINT  NOT NULL DEFAULT 0,
    points      BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX points_entries_subject ON points_entries (subject, id);
CREATE INDEX points_entries_day ON points_entries (day, kind);
CREATE TABLE points_accounts (
    subject     TEXT    PRIMARY KEY,
    balance     BIGINT  NOT NULL CHECK (balance >= 0),
    updated_at  BIGINT  NOT NULL
);
CREATE TABLE points_years (
    subject     TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    earned      BIGINT  NOT NULL,
    PRIMARY KEY (subject, year)
);
CREATE TABLE points_conversions (
    id          TEXT    PRIMARY KEY,
    subject     TEXT    NOT NULL,
    points      BIGINT  NOT NULL,
    status      TEXT    NOT NULL,
    approval    TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    settled_at  BIGINT
);
CREATE INDEX points_conversions_status ON points_conversions (status, created_at);
-- The participants who opted into city information (package
-- healthcare/cityinfo): opaque subject IDs only. Their sex, birth date and
-- district are records of purpose city-info in the vault.
CREATE TABLE cityinfo_members (
    subject     TEXT    PRIMARY KEY,
    joined_at   BIGINT  NOT NULL
);
