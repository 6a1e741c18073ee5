-- Durable background jobs (package jobs): partner transfers, notices,
-- conversions. A job is enqueued in the same transaction as the change that
-- causes it, and (kind, key) makes enqueueing idempotent. The payload holds
-- opaque IDs only, never personal data: the worker reads what it needs
-- through the gate. Times are Unix microseconds. run_at is when the job may
-- next run; a claimed job's run_at is pushed past its lease, so a worker
-- that dies leaves it to be claimed again.
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT    NOT NULL,
    job_key     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    run_at      BIGINT  NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    done_at     BIGINT,
    dead_at     BIGINT,
    UNIQUE (kind, job_key)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND dead_at IS NULL;
