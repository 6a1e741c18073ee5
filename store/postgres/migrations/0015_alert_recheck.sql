-- The 복지알림이's run looks at a member again only from recheck_on, the
-- first day their family's match could change (a birthday or a birth; at
-- most a year ahead), or when the catalogue changes. NULL: at the next run
-- (just subscribed, the family just changed, or not yet looked at).
ALTER TABLE bokjiro_alert_state ADD COLUMN recheck_on TEXT;
