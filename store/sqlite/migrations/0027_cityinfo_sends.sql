-- City information sent (package healthcare/cityinfo): what a health
-- operator sent and to how many, with no recipient named. Who received it
-- is in the access log (each recipient's number read through the gate under
-- purpose city-info) and the outbox jobs; the rows hold no personal data.
CREATE TABLE hc_cityinfo_sends (
    id          TEXT    PRIMARY KEY,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    criteria    TEXT    NOT NULL,
    staff_id    TEXT    NOT NULL,
    recipients  INTEGER NOT NULL,
    delivered   INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL
);
