package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"jikimi/errs"
	"jikimi/store"
)

// SQL returns the transactional access domain packages use for their tables.
func (db *DB) SQL() store.SQL {
	db.stmtsOnce.Do(func() {
		db.wStmts = newStmtCache(db.W)
		db.rStmts = newStmtCache(db.R)
	})
	return sqlAccess{db}
}

type sqlAccess struct{ db *DB }

func (a sqlAccess) Dialect() string { return a.db.Dialect }

func (a sqlAccess) DB() *sql.DB { return a.db.W }

func (a sqlAccess) Reader() store.Querier {
	return rebinder{q: a.db.R, dialect: a.db.Dialect, stmts: a.db.rStmts}
}

// InTx runs fn in one write transaction on the writer.
func (a sqlAccess) InTx(ctx context.Context, fn func(store.Querier) error) (err error) {
	a.db.wStmts.preparePending(ctx)
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
	if err := fn(rebinder{q: tx, tx: tx, txStmts: map[*sql.Stmt]*sql.Stmt{}, dialect: a.db.Dialect, stmts: a.db.wStmts}); err != nil {
		if rb := tx.Rollback(); rb != nil && rb != sql.ErrTxDone {
			return fmt.Errorf("%w (and rollback failed: %v)", err, rb)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return errs.Wrap(errs.Unavailable, err, "commit transaction")
	}
	a.db.WAL.Kick()
	return nil
}

// rebinder rewrites ? placeholders for the dialect on every call and runs
// each text as a statement prepared once per database handle: parsing, not
// executing, is most of the cost of a small query on SQLite.
type rebinder struct {
	q interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	tx      *sql.Tx                 // set inside a transaction
	txStmts map[*sql.Stmt]*sql.Stmt // the cache's statements bound to tx
	dialect string
	stmts   *stmtCache
}

// stmt returns the prepared statement for q, bound to the transaction when
// there is one; nil when it cannot be prepared (the plain call then reports
// the error) or the cache is full.
func (r rebinder) stmt(ctx context.Context, q string) *sql.Stmt {
	if r.tx == nil {
		return r.stmts.get(ctx, q)
	}
	// Inside a transaction the writer's one connection is taken: a miss is
	// prepared before the next transaction begins, never now.
	s := r.stmts.lookup(q)
	if s == nil {
		return nil
	}
	ts, ok := r.txStmts[s]
	if !ok {
		ts = r.tx.StmtContext(ctx, s)
		r.txStmts[s] = ts
	}
	return ts
}

// SQLTx is the transaction under r (nil outside one), for store.Tx.
func (r rebinder) SQLTx() *sql.Tx { return r.tx }

func (r rebinder) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = store.Rebind(r.dialect, q)
	if s := r.stmt(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return r.q.ExecContext(ctx, q, args...)
}

func (r rebinder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = store.Rebind(r.dialect, q)
	if s := r.stmt(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return r.q.QueryContext(ctx, q, args...)
}

func (r rebinder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q = store.Rebind(r.dialect, q)
	if s := r.stmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return r.q.QueryRowContext(ctx, q, args...)
}

// stmtCache holds prepared statements of one handle, by text. It stops
// growing at maxStmts: texts built per call (multi-row inserts of every
// size) must not pin unbounded memory.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

const maxStmts = 512

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if s := c.lookup(q); s != nil {
		return s
	}
	c.prepare(ctx, q)
	return c.lookup(q)
}

// lookup returns the prepared statement of q, or nil and remembers q to be
// prepared by the next preparePending.
func (c *stmtCache) lookup(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[q]
	if !ok && len(c.m)+len(c.pending) < maxStmts {
		c.pending[q] = true
	}
	return s
}

// preparePending prepares the texts missed inside transactions; it runs
// while no transaction of this handle's caller holds a connection.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	qs := make([]string, 0, len(c.pending))
	for q := range c.pending {
		qs = append(qs, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range qs {
		c.prepare(ctx, q)
	}
}

func (c *stmtCache) prepare(ctx context.Context, q string) {
	s, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return // the plain call reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, q)
	if _, dup := c.m[q]; dup || len(c.m) >= maxStmts {
		s.Close()
		return
	}
	c.m[q] = s
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	clear(c.m)
}

// Purge checkpoints and truncates the WAL (SQLite) or vacuums the tables
// (PostgreSQL), outside any transaction. On SQLite the log is first copied
// without blocking anyone, so that the truncating checkpoint, which holds
// the write lock, has little left to do.
func (a sqlAccess) Purge(ctx context.Context, tables ...string) error {
	if a.db.Dialect == store.SQLite {
		if a.db.WAL != nil {
			if err := a.db.WAL.CatchUp(ctx, 8); err != nil {
				return errs.WrapIf(err, "checkpoint the write-ahead log")
			}
		}
		_, err := a.db.W.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		return errs.WrapIf(err, "checkpoint the write-ahead log")
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
