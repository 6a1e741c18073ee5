package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"jikimi/errs"
	"jikimi/store"
)

// SQL returns the transactional access domain packages use for their tables.
func (db *DB) SQL() store.SQL { return sqlAccess{db} }

type sqlAccess struct{ db *DB }

func (a sqlAccess) Dialect() string { return a.db.Dialect }

func (a sqlAccess) Reader() store.Querier { return rebinder{a.db.R, a.db.Dialect} }

// InTx runs fn in one write transaction on the writer.
func (a sqlAccess) InTx(ctx context.Context, fn func(store.Querier) error) (err error) {
	tx, err := a.db.W.BeginTx(ctx, nil)
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "begin transaction")
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(rebinder{tx, a.db.Dialect}); err != nil {
		if rb := tx.Rollback(); rb != nil && rb != sql.ErrTxDone {
			return fmt.Errorf("%w (and rollback failed: %v)", err, rb)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return errs.Wrap(errs.Unavailable, err, "commit transaction")
	}
	return nil
}

// rebinder rewrites ? placeholders for the dialect on every call.
type rebinder struct {
	q interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	dialect string
}

func (r rebinder) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.q.ExecContext(ctx, store.Rebind(r.dialect, q), args...)
}

func (r rebinder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, store.Rebind(r.dialect, q), args...)
}

func (r rebinder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return r.q.QueryRowContext(ctx, store.Rebind(r.dialect, q), args...)
}

// Purge checkpoints and truncates the WAL (SQLite) or vacuums the tables
// (PostgreSQL), outside any transaction.
func (a sqlAccess) Purge(ctx context.Context, tables ...string) error {
	if a.db.Dialect == store.SQLite {
		_, err := a.db.W.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		return wrapIf(err, "checkpoint the write-ahead log")
	}
	for _, t := range tables {
		if !plainName(t) {
			return errs.E(errs.Invalid, "purge: bad table name")
		}
		if _, err := a.db.W.ExecContext(ctx, "VACUUM "+t); err != nil {
			return errs.Wrap(errs.Internal, err, "vacuum %s", t)
		}
	}
	return nil
}

func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
