package sqlite

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"reflect"

	msqlite "modernc.org/sqlite"
)

// The driver parses the text of every query it is handed outside a
// prepared statement, and on SQLite parsing, not running, is most of the
// cost of a small query. The store's own queries go through statements it
// prepares once (sqlstore), but River and every other user of store.SQL.DB
// hand database/sql their SQL text. So each connection keeps the statements
// of the texts it last ran, by text, and runs a text again on its statement.

// maxConnStmts is how many statements a connection keeps: texts built per
// call (multi-row inserts of every size) push out the least recently used.
const maxConnStmts = 256

// connector opens the driver's connections, each keeping its statements.
type connector struct {
	driver.Connector
	keep int
}

func newConnector(dsn string, keep int) (driver.Connector, error) {
	c, err := msqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return connector{Connector: c, keep: keep}, nil
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := dc.(innerConn)
	if !ok {
		_ = dc.Close()
		return nil, errors.New("sqlite: the driver's connection lacks a context method")
	}
	return &conn{innerConn: inner, keep: c.keep, byText: map[string]*list.Element{}, lru: list.New()}, nil
}

// innerConn is what database/sql uses of the driver's connection.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// innerStmt is what conn uses of the driver's statement.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// conn is one connection and the statements it keeps. database/sql never
// uses a connection from two goroutines at once, so it needs no lock; but
// a caller may run a text while rows of the same text are still open on
// the connection (in one transaction), so a statement in use is not used
// again until its rows close: the text then runs unkept.
type conn struct {
	innerConn
	keep   int
	byText map[string]*list.Element // of *kept
	lru    *list.List               // most recently used first
}

type kept struct {
	text    string
	s       innerStmt
	busy    bool // its rows are open
	dropped bool // pushed out while busy: closed when its rows close
}

func (c *conn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if k := c.stmt(ctx, q); k != nil {
		return k.s.ExecContext(ctx, args)
	}
	return c.innerConn.ExecContext(ctx, q, args)
}

func (c *conn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	k := c.stmt(ctx, q)
	if k == nil {
		return c.innerConn.QueryContext(ctx, q, args)
	}
	r, err := k.s.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	k.busy = true
	return &rows{Rows: r, k: k}, nil
}

// stmt returns q's kept statement, preparing it on first use; nil when
// it is in use (q then runs unkept) or q does not prepare (the unkept
// run reports why).
func (c *conn) stmt(ctx context.Context, q string) *kept {
	if e, ok := c.byText[q]; ok {
		k := e.Value.(*kept)
		if k.busy {
			return nil
		}
		c.lru.MoveToFront(e)
		return k
	}
	if c.keep <= 0 {
		return nil
	}
	ds, err := c.innerConn.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	s, ok := ds.(innerStmt)
	if !ok {
		_ = ds.Close()
		return nil
	}
	k := &kept{text: q, s: s}
	c.byText[q] = c.lru.PushFront(k)
	for c.lru.Len() > c.keep {
		c.drop(c.lru.Back())
	}
	return k
}

// drop forgets a kept statement, closing it now or, when its rows are
// open, when they close.
func (c *conn) drop(e *list.Element) {
	k := c.lru.Remove(e).(*kept)
	delete(c.byText, k.text)
	if k.busy {
		k.dropped = true
		return
	}
	_ = k.s.Close()
}

// Close closes the kept statements, then the connection.
func (c *conn) Close() error {
	var err error
	for c.lru.Len() > 0 {
		k := c.lru.Remove(c.lru.Front()).(*kept)
		if !k.busy {
			err = errors.Join(err, k.s.Close())
		}
	}
	clear(c.byText)
	return errors.Join(err, c.innerConn.Close())
}

// rows are a kept statement's rows: closing them frees the statement.
type rows struct {
	driver.Rows
	k *kept
}

func (r *rows) Close() error {
	err := r.Rows.Close()
	if r.k != nil {
		r.k.busy = false
		if r.k.dropped {
			err = errors.Join(err, r.k.s.Close())
		}
		r.k = nil
	}
	return err
}

// The driver's column types, for database/sql's ColumnTypes.

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *rows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *rows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *rows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
