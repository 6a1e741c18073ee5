-- The cases sweep asks the vault about a quiet case again only from
-- recheck_at (Unix microseconds): the earliest due date of what the vault
-- keeps of it, and no later than a few days ahead, since a shred on request
-- takes data out of turn. NULL: at the next sweep; a change of the case
-- clears it.
ALTER TABLE bokjiro_cases ADD COLUMN recheck_at BIGINT;
