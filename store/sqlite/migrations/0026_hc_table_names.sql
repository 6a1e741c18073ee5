-- Table names follow the convention of docs/architecture.md ("Names"): a
-- service's tables carry the service's prefix, then the package. The points
-- ledger (healthcare/pointsvc) and the city-information members
-- (healthcare/cityinfo) predate it: points_* becomes hc_points_* and
-- cityinfo_members hc_cityinfo_members, rows kept. SQLite renames a table
-- with its indexes but cannot rename an index: the named ones are made
-- again under the new names.
ALTER TABLE points_entries RENAME TO hc_points_entries;
ALTER TABLE points_accounts RENAME TO hc_points_accounts;
ALTER TABLE points_years RENAME TO hc_points_years;
ALTER TABLE points_conversions RENAME TO hc_points_conversions;
ALTER TABLE cityinfo_members RENAME TO hc_cityinfo_members;

DROP INDEX points_entries_subject;
DROP INDEX points_entries_day;
DROP INDEX points_conversions_status;
CREATE INDEX hc_points_entries_subject ON hc_points_entries (subject, id);
CREATE INDEX hc_points_entries_day ON hc_points_entries (day, kind);
CREATE INDEX hc_points_conversions_status ON hc_points_conversions (status, created_at);
