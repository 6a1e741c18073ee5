package postgres

import (
	"jikimi/store"
	"jikimi/store/internal/sqlstore"
)

var dialect = store.Dialect{
	// One fixed key for Jikimi's migrations ("jikimi" in ASCII), held until
	// the migration's transaction ends.
	Lock: `SELECT pg_advisory_xact_lock(117001006181737)`,
	CreateMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL
	)`,
	InsertMigration: `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
	Tables:          `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()`,
}

var queries = sqlstore.Queries{
	InsertPublication: `INSERT INTO publications (service, version, effective, sha256, published_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (service, version) DO NOTHING`,
	PublicationHash: `SELECT sha256 FROM publications WHERE service = $1 AND version = $2`,
	ListPublications: `SELECT service, version, effective, sha256, published_at
		FROM publications WHERE service = $1 ORDER BY effective, version`,
}
