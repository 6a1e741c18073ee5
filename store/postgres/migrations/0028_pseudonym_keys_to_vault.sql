-- The re-identification key of pseudonymised statistics moves into the
-- gate (package vault): it was healthcare/stats' hc_stats_keys. The wrapped
-- keys stay as they are (same key-encryption keys, same associated data),
-- so pseudonyms made before the move stay the same.
ALTER TABLE hc_stats_keys RENAME TO vault_pseudonym_keys;
