-- The access log indexed by subject (package audit, subject.go): one row per
-- entry that names a subject (an opaque ID, never personal data), so a
-- rights request's access answer finds a person's entries without reading
-- the log. Appends write these rows in the same transaction as the entries;
-- Prune deletes them with the entries.
CREATE TABLE audit_subjects (
    subject TEXT   NOT NULL,
    seq     BIGINT NOT NULL,
    PRIMARY KEY (subject, seq)
);

-- Entries appended before this index existed: package audit indexes 1..upto
-- once, from their encodings, and then deletes this row.
CREATE TABLE audit_subjects_pending (
    upto BIGINT NOT NULL
);
INSERT INTO audit_subjects_pending (upto) SELECT seq FROM audit_head WHERE seq > 0;
