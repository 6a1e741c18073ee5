-- The rights clock's daily run drops the notices older than their
-- retention (rights.NoticeRetention) by created_at: without this index it
-- read every notice every day (the yearly usage notices alone are one per
-- subject of each service a year).
CREATE INDEX rights_notices_created ON rights_notices (created_at);
