// Package sqlite is the embedded store driver: one SQLite file (pure Go,
// modernc.org/sqlite) in WAL mode with a single writer connection, a pool
// of read-only readers and one connection that only checkpoints the log
// (sqlstore.WALKeeper), so a new user needs nothing installed.
//
// It owns the SQLite SQL and migrations and must never be written to through
// any handle but its one writer, nor hold SQL another driver would need too.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	msqlite "modernc.org/sqlite"

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

// Config says which file to open and how.
type Config struct {
	Path    string      // the database file; created when missing
	Migrate bool        // bring an older schema up to date instead of refusing it
	Clock   clock.Clock // stamps applied migrations
	// Progress gets a line per migration applied; nil: none.
	Progress io.Writer
}

// Open opens (creating when missing) and checks or migrates the database at
// cfg.Path, following store.Migrator's rules.
func Open(ctx context.Context, cfg Config) (store.Store, error) {
	return open(ctx, cfg, Migrations())
}

func open(ctx context.Context, cfg Config, src fs.FS) (store.Store, error) {
	if cfg.Path == "" || cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "sqlite: a path and a clock are required")
	}
	w, err := connect(ctx, cfg.Path, writer)
	if err != nil {
		return nil, err
	}
	m := store.Migrator{DB: w, Dialect: dialect, Source: src, Clock: cfg.Clock, Progress: cfg.Progress}
	if err := m.Prepare(ctx, cfg.Migrate); err != nil {
		return nil, closeOnError(err, w)
	}
	r, err := connect(ctx, cfg.Path, reader)
	if err != nil {
		return nil, closeOnError(err, w)
	}
	c, err := connect(ctx, cfg.Path, checkpointer)
	if err != nil {
		_ = r.Close()
		return nil, closeOnError(err, w)
	}
	wal := sqlstore.NewWALKeeper(c, checkpointGather)
	return &sqlstore.DB{W: w, R: r, Q: queries, Dialect: store.SQLite, Migrator: m, WAL: wal}, nil
}

// closeOnError closes db after a failed open; err is what the caller needs.
func closeOnError(err error, db *sql.DB) error {
	_ = db.Close()
	return err
}

type role int

const (
	writer       role = iota
	reader            // read-only, several
	checkpointer      // the WAL keeper's own connection
)

// checkpointGather is how long the WAL keeper gathers commits before it
// checkpoints them.
const checkpointGather = 100 * time.Millisecond

// connect opens one pool on path. Every connection waits up to five seconds
// for a lock, enforces foreign keys, and syncs at WAL checkpoints only
// (synchronous=NORMAL: a crash may lose the last commits, never corrupt).
// The writer pool has one connection whose transactions take the write lock
// at BEGIN, so a read inside one never has to be upgraded to a write and
// fail with SQLITE_BUSY; readers cannot write at all.
func connect(ctx context.Context, path string, r role) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "sqlite: bad database path")
	}
	keep := maxConnStmts
	if r == checkpointer {
		keep = 0 // it runs one pragma
	}
	c, err := newConnector(dsn(abs, r), keep)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "sqlite: open database")
	}
	db := sql.OpenDB(c)
	conns := 1
	if r == reader {
		conns = max(4, runtime.GOMAXPROCS(0))
	}
	// Every connection stays open when idle: database/sql keeps two by
	// default and closes the rest, so bursts of readers would reopen
	// connections (and re-prepare statements) over and over.
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		return nil, closeOnError(errs.Wrap(errs.Unavailable, err, "sqlite: open database"), db)
	}
	return db, nil
}

func dsn(abs string, r role) string {
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	q.Set("_txlock", "immediate")
	// Freed pages are zeroed, so destroyed data (shredded data keys above
	// all) does not linger in the file.
	q.Add("_pragma", "secure_delete(on)")
	// Pages are read through a memory map (as far as SQLite's build allows,
	// 2 GiB) and a page cache of pageCacheKiB, instead of a pread system
	// call for every page missing from SQLite's default 2 MB cache: at
	// millions of subjects a gated page of reads walks thousands of B-tree
	// pages. Both are ceilings: a small database uses what it needs.
	q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", mmapSize))
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", pageCacheKiB))
	if r == reader {
		q.Set("_query_only", "on")
		q.Set("_txlock", "deferred")
	}
	return (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
}

// mmapSize is the most of the file each connection maps (SQLite's default
// build caps it at 2 GiB); pageCacheKiB each connection's page cache.
const (
	mmapSize     = 2 << 30
	pageCacheKiB = 64 << 10
)

// sqliteBusy is SQLite's primary result code SQLITE_BUSY; extended codes
// keep the primary one in their low byte.
const sqliteBusy = 5

// busy reports that another connection held the write lock longer than
// _busy_timeout.
func busy(err error) bool {
	var e *msqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqliteBusy
}
