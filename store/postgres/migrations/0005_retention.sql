-- Retention: due dates, events, separate storage (package vault), and
-- destruction plans, approvals and destruction records (package retention).
-- Times are Unix microseconds.

-- A record's case groups the records of one case (an application) for the
-- events that name it; keep_for is the keep_with_consent period the subject
-- consented to ('' when none); plan_id is the destruction plan holding it.
-- due_at is the record's next retention step: its destruction, or for a rule
-- kept separately its move into pd_separate.
ALTER TABLE pd_records ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
ALTER TABLE pd_records ADD COLUMN keep_for TEXT NOT NULL DEFAULT '';
ALTER TABLE pd_records ADD COLUMN plan_id TEXT;
-- Plans and their destruction walk this index in (due_at, id) order; plan_id
-- is in no index, so putting a record into a plan only rewrites its row.
DROP INDEX pd_records_due;
CREATE INDEX pd_records_due ON pd_records (service, due_at, id) WHERE due_at IS NOT NULL;
-- PostgreSQL only: room in each page, so that putting a record into a plan
-- (a column in no index) is a heap-only update that touches no index.
ALTER TABLE pd_records SET (fillfactor = 85);

-- Retention events (결과 통지, 회원 탈퇴, ...) of a subject's purpose; case_id
-- '' applies to every case of the purpose.
CREATE TABLE pd_events (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT NOT NULL,
    service     TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    event       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX pd_events_subject ON pd_events (subject_id, purpose, event);

-- Separate storage (분리보관, Act 21(3)): records another law requires to
-- keep, moved out of pd_records and sealed under the data key of
-- (subject, 'separate/' || serves). They serve only the purpose `serves`.
CREATE TABLE pd_separate (
    id           TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL,
    service      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    rule         TEXT NOT NULL,
    serves       TEXT NOT NULL,
    items        TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    sealed       BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    kept_from    BIGINT NOT NULL,
    separated_at BIGINT NOT NULL,
    due_at       BIGINT NOT NULL,
    plan_id      TEXT
);
CREATE INDEX pd_separate_subject ON pd_separate (subject_id, purpose);
CREATE INDEX pd_separate_due ON pd_separate (service, due_at, id);

-- Destruction plans (파기계획), one per service and daily run. state:
-- building, pending_approval, approved, executing, done, escalated.
-- deadline is the earliest due date of its items plus the grace period.
CREATE TABLE retention_plans (
    id             TEXT PRIMARY KEY,
    service        TEXT NOT NULL,
    day            TEXT NOT NULL,
    cutoff         BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    state          TEXT NOT NULL,
    needs_approval INTEGER NOT NULL CHECK (needs_approval IN (0, 1)),
    items          BIGINT NOT NULL DEFAULT 0,
    due_from       BIGINT,
    due_to         BIGINT,
    deadline       BIGINT,
    summary        TEXT NOT NULL DEFAULT '',
    destroyed      BIGINT NOT NULL DEFAULT 0,
    released       BIGINT NOT NULL DEFAULT 0,
    escalated_at   BIGINT,
    done_at        BIGINT,
    UNIQUE (service, day)
);
CREATE INDEX retention_plans_state ON retention_plans (state);

-- The privacy officer's approval of a plan.
CREATE TABLE retention_approvals (
    plan_id     TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL,
    approved_at BIGINT NOT NULL
);

-- Destruction records (파기 기록): one per record and step (separate: moved
-- into separate storage; destroy: destroyed). Never the destroyed content.
CREATE TABLE retention_destructions (
    record_id     TEXT NOT NULL,
    step          TEXT NOT NULL,
    service       TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    rule          TEXT NOT NULL,
    items         TEXT NOT NULL,
    due_at        BIGINT NOT NULL,
    destroyed_at  BIGINT NOT NULL,
    method        TEXT NOT NULL,
    key_destroyed INTEGER NOT NULL CHECK (key_destroyed IN (0, 1)),
    plan_id       TEXT NOT NULL,
    approver      TEXT NOT NULL,
    PRIMARY KEY (record_id, step)
);
CREATE INDEX retention_destructions_at ON retention_destructions (destroyed_at);

-- The daily run as a durable job: one row per day; finished_at stays NULL
-- until every service's plan for the day is built.
CREATE TABLE retention_runs (
    day         TEXT PRIMARY KEY,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT
);

-- The policy version whose retention rules the stored due dates follow.
CREATE TABLE retention_versions (
    service    TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    applied_at BIGINT NOT NULL
);
