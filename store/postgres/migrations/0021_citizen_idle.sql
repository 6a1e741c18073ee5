-- A citizen's session also ends after a spell of disuse (package citizen's
-- IdleTimeout), as staff sessions do: last_seen is when it was last used
-- (Unix microseconds; 0 for sessions opened before this column, which then
-- end at their next use unless that is within the idle time of created_at).
ALTER TABLE citizen_sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
