-- The watches a health operator marked as shipped (package
-- healthcare/devices): the participant's opaque ID, when and by which staff
-- account. A watch's delivery goes enrolled (delivery address in the vault)
-- -> shipped (a row here) -> linked (hc_devices; the delivery data and this
-- row destroyed in the same step). The rows go with the participant's
-- watch-delivery data (vault.SideTables).
CREATE TABLE hc_shipments (
    subject_id  TEXT    PRIMARY KEY,
    shipped_at  BIGINT  NOT NULL,
    shipped_by  TEXT    NOT NULL
);
