-- What a staff session works as (the console's purpose first): one role the
-- account holds and one declared purpose of a service, chosen explicitly and
-- changed only explicitly; '' while none is chosen. The gate refuses the
-- session every other purpose.
ALTER TABLE staff_sessions ADD COLUMN work_role TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_sessions ADD COLUMN work_service TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_sessions ADD COLUMN work_purpose TEXT NOT NULL DEFAULT '';
