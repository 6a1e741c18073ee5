-- The 복지로 newsletter's issues as they were sent (package
-- welfare/newsletter): the issue's public text, who sent it (a staff
-- account's opaque ID, or "operator" for the command line), to how many
-- subscribers and when. No subscriber is named: who received it is in the
-- outbox's jobs and, as each address is read, the access log.
CREATE TABLE bokjiro_newsletter_issues (
    id          TEXT    PRIMARY KEY,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    sent_by     TEXT    NOT NULL,
    recipients  INTEGER NOT NULL,
    sent_at     BIGINT  NOT NULL
);
