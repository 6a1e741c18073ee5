-- The 생애주기별 복지알림이's run state (package welfare/alerts): one row per
-- subscribed Bokjiro member, naming the catalogue version and the day the
-- member was last matched, so the next run alerts only what changed since
-- (nothing is sent twice). Opaque IDs and public facts only: the family and
-- its situations stay in the vault.
CREATE TABLE bokjiro_alert_state (
    subject_id        TEXT PRIMARY KEY,
    catalogue_version TEXT NOT NULL,
    day               TEXT NOT NULL
);
