package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Querier runs SQL. Domain packages that own tables (vault, audit, staff)
// write their queries with ? placeholders; the store rebinds them for its
// database, so one text serves SQLite and PostgreSQL.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// SQL is the transactional access a domain package gets to its own tables.
// Portable SQL only: times as BIGINT Unix microseconds, bytes as BLOB/BYTEA
// (declared per driver in the migrations), INSERT ... ON CONFLICT for upserts.
type SQL interface {
	// Dialect is SQLite or Postgres, for the rare statement that differs.
	Dialect() string
	// InTx runs fn in one write transaction: committed when fn returns nil,
	// rolled back when it returns an error or panics.
	InTx(ctx context.Context, fn func(tx Querier) error) error
	// Reader runs read-only queries outside a transaction.
	Reader() Querier
	// Purge makes rows deleted so far unrecoverable from the database's
	// files: SQLite zeroes freed pages (secure_delete) and Purge checkpoints
	// and truncates the write-ahead log; on PostgreSQL dead rows go at the
	// next VACUUM, which Purge runs on the named tables.
	Purge(ctx context.Context, tables ...string) error
	// DB is the writer pool, for a library that runs its own SQL in the
	// store's database and joins its transactions (River, in package
	// jobs). Nothing else may use it: domain packages go through InTx.
	DB() *sql.DB
}

// Tx is the database/sql transaction under a Querier that InTx gave, for
// a library that must join it (River's InsertTx); false for any other
// Querier.
func Tx(q Querier) (*sql.Tx, bool) {
	t, ok := q.(interface{ SQLTx() *sql.Tx })
	if !ok || t.SQLTx() == nil {
		return nil, false
	}
	return t.SQLTx(), true
}

// Rebind turns ? placeholders into $1, $2, ... for PostgreSQL. It skips
// quoted strings, so a literal '?' stays as it is.
func Rebind(dialect, query string) string {
	if dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
