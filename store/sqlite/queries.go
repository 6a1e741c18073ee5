package sqlite

import (
	"jikimi/store"
	"jikimi/store/internal/sqlstore"
)

var dialect = store.Dialect{
	CreateMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TIMESTAMP NOT NULL
	)`,
	InsertMigration: `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
	Tables:          `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`,
	Busy:            busy,
}

var queries = sqlstore.Queries{
	InsertPublication: `INSERT INTO publications (service, version, effective, sha256, published_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (service, version) DO NOTHING`,
	PublicationHash: `SELECT sha256 FROM publications WHERE service = ? AND version = ?`,
	ListPublications: `SELECT service, version, effective, sha256, published_at
		FROM publications WHERE service = ? ORDER BY effective, version`,
}
