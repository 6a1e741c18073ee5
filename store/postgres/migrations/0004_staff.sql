-- Staff accounts, roles and their history (package staff).
SELECT 1;
