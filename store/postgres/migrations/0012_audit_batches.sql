-- The access log stored packed (package audit, batch.go): one row per
-- appended batch instead of one per entry, so appending and verifying cost a
-- row per batch. Chaining, Merkle leaves and checks stay per entry.
--
-- seq is the batch's first entry's sequence number and n how many entries it
-- holds (seq .. seq+n-1); at_min and at_max are the earliest and latest entry
-- time (Unix microseconds), for the monthly inspection's index; prev is the
-- hash before its first entry; hashes is each entry's hash, 32 bytes each,
-- hash = SHA-256(previous hash || entry); entries is the entries' canonical
-- encodings one after another (each encoding gives its own length). Verify
-- checks that every part agrees.
CREATE TABLE audit_batches (
    seq     BIGINT  PRIMARY KEY,
    n       INTEGER NOT NULL,
    at_min  BIGINT  NOT NULL,
    at_max  BIGINT  NOT NULL,
    prev    BYTEA   NOT NULL,
    hashes  BYTEA   NOT NULL,
    entries BYTEA   NOT NULL
);
CREATE INDEX audit_batches_at ON audit_batches (at_max);
-- Batches are written once and read whole: stored out of line without
-- compression, which would cost more to undo on every verification than
-- the disk it saves.
ALTER TABLE audit_batches ALTER COLUMN hashes SET STORAGE EXTERNAL, ALTER COLUMN entries SET STORAGE EXTERNAL;

-- An existing entry is a batch of one, its bytes unchanged.
INSERT INTO audit_batches (seq, n, at_min, at_max, prev, hashes, entries)
    SELECT seq, 1, at, at, prev, hash, entry FROM audit_entries;
DROP TABLE audit_entries;
