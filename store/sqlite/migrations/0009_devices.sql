-- Devices linked to healthcare participants (package healthcare/devices).
-- A device is known by the SHA-256 of its token, never the token; it holds
-- no serial number or other personal data, only the participant's opaque
-- subject ID. A revoked device stays, so its token answers "revoked".
CREATE TABLE hc_devices (
    id         TEXT   NOT NULL PRIMARY KEY,
    token_hash BLOB   NOT NULL UNIQUE,
    subject_id TEXT   NOT NULL,
    service    TEXT   NOT NULL,
    linked_at  BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX hc_devices_subject ON hc_devices (subject_id);
