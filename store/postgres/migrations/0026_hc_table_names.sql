-- Table names follow the convention of docs/architecture.md ("Names"): a
-- service's tables carry the service's prefix, then the package. The points
-- ledger (healthcare/pointsvc) and the city-information members
-- (healthcare/cityinfo) predate it: points_* becomes hc_points_* and
-- cityinfo_members hc_cityinfo_members, rows kept. Their indexes,
-- constraints and the entries' identity sequence follow, so no name of the
-- old prefix is left.
ALTER TABLE points_entries RENAME TO hc_points_entries;
ALTER TABLE points_accounts RENAME TO hc_points_accounts;
ALTER TABLE points_years RENAME TO hc_points_years;
ALTER TABLE points_conversions RENAME TO hc_points_conversions;
ALTER TABLE cityinfo_members RENAME TO hc_cityinfo_members;

ALTER INDEX points_entries_subject RENAME TO hc_points_entries_subject;
ALTER INDEX points_entries_day RENAME TO hc_points_entries_day;
ALTER INDEX points_conversions_status RENAME TO hc_points_conversions_status;
ALTER TABLE hc_points_entries RENAME CONSTRAINT points_entries_pkey TO hc_points_entries_pkey;
ALTER TABLE hc_points_entries RENAME CONSTRAINT points_entries_entry_key_key TO hc_points_entries_entry_key_key;
ALTER SEQUENCE points_entries_id_seq RENAME TO hc_points_entries_id_seq;
ALTER TABLE hc_points_accounts RENAME CONSTRAINT points_accounts_pkey TO hc_points_accounts_pkey;
ALTER TABLE hc_points_accounts RENAME CONSTRAINT points_accounts_balance_check TO hc_points_accounts_balance_check;
ALTER TABLE hc_points_years RENAME CONSTRAINT points_years_pkey TO hc_points_years_pkey;
ALTER TABLE hc_points_conversions RENAME CONSTRAINT points_conversions_pkey TO hc_points_conversions_pkey;
ALTER TABLE hc_cityinfo_members RENAME CONSTRAINT cityinfo_members_pkey TO hc_cityinfo_members_pkey;
