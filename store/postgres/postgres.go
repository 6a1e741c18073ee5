// Package postgres is the production store driver: PostgreSQL through pgx,
// behind database/sql so that it shares store's migration runner and the
// Store code with the SQLite driver.
//
// It owns the PostgreSQL SQL and migrations and must never depend on
// anything a distributed PostgreSQL (Citus) cannot do across subjects, nor
// put the DSN (which may hold a password) in an error message.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"io"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations is the driver's embedded migration source.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations") // a constant, valid path
	return sub
}

// Config says which database to open and how.
type Config struct {
	DSN     string      // postgres://user@host:port/db?sslmode=...
	Migrate bool        // bring an older schema up to date instead of refusing it
	Clock   clock.Clock // stamps applied migrations
	// Progress gets a line per migration applied; nil: none.
	Progress io.Writer
}

// Open connects to cfg.DSN and checks or migrates its schema, following
// store.Migrator's rules.
func Open(ctx context.Context, cfg Config) (store.Store, error) {
	return open(ctx, cfg, Migrations())
}

func open(ctx context.Context, cfg Config, src fs.FS) (store.Store, error) {
	db, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	m := store.Migrator{DB: db, Dialect: dialect, Source: src, Clock: cfg.Clock, Progress: cfg.Progress}
	if err := m.Prepare(ctx, cfg.Migrate); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &sqlstore.DB{W: db, R: db, Q: queries, Dialect: store.Postgres, Migrator: m}, nil
}

func connect(ctx context.Context, cfg Config) (*sql.DB, error) {
	if cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "postgres: a clock is required")
	}
	pc, err := pgx.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, errs.E(errs.Invalid, "postgres: the DSN does not parse")
	}
	db := stdlib.OpenDB(*pc)
	// Idle connections stay open (database/sql keeps two by default): a
	// burst of readers would otherwise start new server processes.
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, errs.Wrap(errs.Unavailable, err, "postgres: cannot reach the database")
	}
	return db, nil
}
