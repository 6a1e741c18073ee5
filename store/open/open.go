// Package open chooses the store driver from the configuration: PostgreSQL
// for a postgres:// DSN, else the SQLite file jikimi.db in the data
// directory. It is the one place cmd/jikimi turns config into a store.Store.
//
// It must never hold SQL or any driver's logic: it only picks and forwards.
package open

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/sqlite"
)

// Config says where the data lives.
type Config struct {
	DataDir string      // holds jikimi.db when DSN is empty; created 0700
	DSN     string      // postgres:// or postgresql://; empty for SQLite
	Migrate bool        // bring an older schema up to date instead of refusing it
	Clock   clock.Clock // stamps applied migrations
	// Progress gets a line per migration applied; nil: none.
	Progress io.Writer
}

// SQLiteFile is the database file's name inside DataDir.
const SQLiteFile = "jikimi.db"

// Open opens the store cfg names, checking or migrating its schema.
func Open(ctx context.Context, cfg Config) (store.Store, error) {
	if cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "store: a clock is required")
	}
	switch {
	case isPostgres(cfg.DSN):
		return postgres.Open(ctx, postgres.Config{DSN: cfg.DSN, Migrate: cfg.Migrate, Clock: cfg.Clock, Progress: cfg.Progress})
	case cfg.DSN != "":
		// A typo such as "postgress://" must not quietly open an empty SQLite file.
		return nil, errs.E(errs.Invalid, "store: the DSN must start with postgres:// or postgresql://")
	case cfg.DataDir == "":
		return nil, errs.E(errs.Invalid, "store: a data directory or a PostgreSQL DSN is required")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "store: cannot create the data directory")
	}
	path := filepath.Join(cfg.DataDir, SQLiteFile)
	return sqlite.Open(ctx, sqlite.Config{Path: path, Migrate: cfg.Migrate, Clock: cfg.Clock, Progress: cfg.Progress})
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
