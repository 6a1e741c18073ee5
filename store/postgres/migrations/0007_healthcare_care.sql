-- Health consultations, satisfaction surveys and the statistics key of the
-- Seoul healthcare service (packages healthcare/consult, healthcare/survey,
-- healthcare/stats). These tables hold opaque IDs only: the question, the
-- answer and the survey answers are items of the vault (health_consultation,
-- satisfaction_survey), sealed there. Times are Unix microseconds.

-- The counsellors' queue: which subject's consultation record awaits an
-- answer. answered_at is set in the same transaction as the answer.
CREATE TABLE hc_consultations (
    record_id   TEXT PRIMARY KEY,
    subject_id  TEXT   NOT NULL,
    asked_at    BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX hc_consultations_open ON hc_consultations (asked_at) WHERE answered_at IS NULL;
CREATE INDEX hc_consultations_subject ON hc_consultations (subject_id);

-- One answer per survey per subject: the primary key refuses a second.
CREATE TABLE hc_survey_answers (
    survey_id   TEXT   NOT NULL,
    subject_id  TEXT   NOT NULL,
    record_id   TEXT   NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (survey_id, subject_id)
);

-- The re-identification key of the statistics' pseudonyms, wrapped by a
-- key-encryption key of the keyring: its own key material, apart from the
-- vault's data keys and blind-index key. One row per service.
CREATE TABLE hc_stats_keys (
    service    TEXT PRIMARY KEY,
    kek_id     TEXT   NOT NULL,
    wrapped    BYTEA  NOT NULL,
    created_at BIGINT NOT NULL
);
