-- The 복지알림이's alerts sent to each member (package welfare/alerts), so a
-- member can list the alerts they received: opaque subject IDs, when, and
-- the catalogue snapshots the alert compared (version and day, public
-- facts), with how many items it had. What the alert said (a family
-- member's life stage, a matched service) is not kept: it is recomputed
-- from the family data in the vault when the member looks. The rows go
-- with the member's welfare-alerts data (vault.SideTables).
CREATE TABLE bokjiro_alerts_sent (
    subject_id    TEXT    NOT NULL,
    from_version  TEXT    NOT NULL,
    from_day      TEXT    NOT NULL,
    to_version    TEXT    NOT NULL,
    to_day        TEXT    NOT NULL,
    items         INTEGER NOT NULL,
    sent_at       BIGINT  NOT NULL,
    PRIMARY KEY (subject_id, to_version, to_day, from_version, from_day)
);
