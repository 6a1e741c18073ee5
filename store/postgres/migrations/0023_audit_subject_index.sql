-- The access log's subject index (package audit, subject.go) is brought up
-- to date in bulk, off the append and checkpoint paths: when it is read and
-- by the daily run. audit_subjects_indexed holds how far it reaches; the
-- rows 0020 wrote go, and the index is rebuilt from the entries.
DROP TABLE audit_subjects_pending;
DROP TABLE audit_subjects;
CREATE TABLE audit_subjects (
    subject TEXT   NOT NULL,
    seq     BIGINT NOT NULL,
    PRIMARY KEY (subject, seq)
);
CREATE TABLE audit_subjects_indexed (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto BIGINT  NOT NULL
);
INSERT INTO audit_subjects_indexed (id, upto) VALUES (1, 0);
