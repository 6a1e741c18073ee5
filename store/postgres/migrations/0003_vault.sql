-- The vault (package vault): subjects, sealed records, data keys, blind indexes, consents.
SELECT 1;
