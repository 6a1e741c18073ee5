-- The access log (package audit): entries, their Merkle tree, signed
-- checkpoints and the pruning anchor. Only package audit names these tables.
-- No column holds personal data: actors and subjects are opaque IDs, items
-- are schema names. Times are Unix microseconds; hashes are 32-byte SHA-256
-- in BYTEA.

-- One row per access, hash-chained: hash = SHA-256(prev || entry). entry is
-- the entry's canonical encoding (package audit, encode.go): exactly the
-- bytes that are hashed, so verifying never depends on how a database
-- stores text. at repeats the entry's time for the index the monthly
-- inspection uses; Verify checks it matches the encoding.
CREATE TABLE audit_entries (
    seq   BIGINT  PRIMARY KEY,
    at    BIGINT  NOT NULL,
    entry BYTEA   NOT NULL,
    prev  BYTEA   NOT NULL,
    hash  BYTEA   NOT NULL
);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- The chain head: the last sequence number and its hash. Appenders lock
-- this one row, so they serialise.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash BYTEA   NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Two prefixes of the log, one row each: 'tree' is what the checkpointer
-- has integrated into the Merkle tree, 'anchor' what Prune has deleted. size
-- is how many entries the prefix spans, last_hash entry size's hash (zeros
-- for none) and compact the prefix's compact range: the concatenated hashes
-- of the perfect subtrees covering leaves [0, size). The checkpointer locks
-- 'tree' and Prune 'anchor'; appenders lock neither.
CREATE TABLE audit_prefixes (
    name      TEXT    PRIMARY KEY CHECK (name IN ('tree', 'anchor')),
    size      BIGINT  NOT NULL,
    last_hash BYTEA   NOT NULL,
    compact   BYTEA   NOT NULL
);
INSERT INTO audit_prefixes (name, size, last_hash, compact) VALUES
    ('tree', 0, decode(repeat('00', 32), 'hex'), ''::bytea),
    ('anchor', 0, decode(repeat('00', 32), 'hex'), ''::bytea);

-- Perfect subtree hashes at every fourth level (4, 8, 12, ...), so a proof
-- reads O(log n) rows instead of re-hashing the log.
CREATE TABLE audit_nodes (
    level INTEGER NOT NULL,
    idx   BIGINT  NOT NULL,
    hash  BYTEA   NOT NULL,
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints: the note is the exported file.
CREATE TABLE audit_checkpoints (
    size BIGINT PRIMARY KEY,
    root BYTEA  NOT NULL,
    at   BIGINT NOT NULL,
    note BYTEA  NOT NULL
);
