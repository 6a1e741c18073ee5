-- Staff accounts, roles and their history (package staff). Times are BIGINT
-- Unix microseconds; bytes are BYTEA.

-- The staff data keys, wrapped by a key-encryption key (keys.Wrapper): one
-- seals TOTP secrets, one keys the blind index of person references.
CREATE TABLE staff_keys (
    purpose    TEXT   NOT NULL PRIMARY KEY,
    wrapped    BYTEA  NOT NULL,
    kek_id     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- One account per person: person_index is HMAC-SHA256 of the employee
-- number, never the number. totp_sealed is the sealed TOTP secret.
CREATE TABLE staff_accounts (
    id              TEXT    NOT NULL PRIMARY KEY,
    login           TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL,
    person_index    BYTEA   NOT NULL UNIQUE,
    status          TEXT    NOT NULL CHECK (status IN ('active', 'locked', 'disabled')),
    password_hash   TEXT    NOT NULL,
    must_change     INTEGER NOT NULL CHECK (must_change IN (0, 1)),
    totp_sealed     BYTEA   NOT NULL,
    totp_last_step  BIGINT  NOT NULL,
    failed_logins   INTEGER NOT NULL CHECK (failed_logins >= 0),
    created_at      BIGINT  NOT NULL
);

-- Roles held now; a revoked role is deleted here at once.
CREATE TABLE staff_roles (
    account_id TEXT   NOT NULL REFERENCES staff_accounts (id),
    role       TEXT   NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, role)
);

-- Every grant, change and revoke: who, when, why. Append-only; purged only
-- after three years (PIPA Safety Measures Standard 5).
CREATE TABLE staff_role_history (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('grant', 'change', 'revoke')),
    role       TEXT    NOT NULL,
    from_role  TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    at         BIGINT  NOT NULL
);
CREATE INDEX staff_role_history_account ON staff_role_history (account_id, seq);
CREATE INDEX staff_role_history_at ON staff_role_history (at);
CREATE FUNCTION staff_role_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'staff_role_history is append-only';
END
$$;
CREATE TRIGGER staff_role_history_append_only BEFORE UPDATE ON staff_role_history
    FOR EACH ROW EXECUTE FUNCTION staff_role_history_append_only();

-- The one bootstrap grant ever made without an admin.
CREATE TABLE staff_bootstrap (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    account_id TEXT    NOT NULL,
    at         BIGINT  NOT NULL
);

-- Account events other than roles: created, locked, unlocked, disabled,
-- password changed; actor is an account ID, 'operator' or 'system'.
CREATE TABLE staff_account_history (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT    NOT NULL,
    event      TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    at         BIGINT  NOT NULL
);
CREATE INDEX staff_account_history_account ON staff_account_history (account_id, seq);

-- Every login attempt. account_id is empty when the login name matched no
-- account; the name typed is never kept (it may be a mistyped password).
CREATE TABLE staff_login_history (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT    NOT NULL,
    at         BIGINT  NOT NULL,
    source     TEXT    NOT NULL,
    outcome    TEXT    NOT NULL
);
CREATE INDEX staff_login_history_account ON staff_login_history (account_id, seq);
CREATE INDEX staff_login_history_at ON staff_login_history (at);

-- Sessions by the SHA-256 of their token; the token itself is never stored.
CREATE TABLE staff_sessions (
    token_hash BYTEA  NOT NULL PRIMARY KEY,
    id         TEXT   NOT NULL UNIQUE,
    account_id TEXT   NOT NULL REFERENCES staff_accounts (id),
    source     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);
