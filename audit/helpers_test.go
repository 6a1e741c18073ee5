package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/postgres/pgtest"
	"jikimi/store/sqlite"
)

var (
	ctx   = context.Background()
	epoch = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // a Monday, 10:00 in Seoul
	key   = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
)

// env is a log on a fresh database with a fake clock.
type env struct {
	log *Log
	sql store.SQL
	clk *clock.Fake
}

type opener func(t testing.TB, clk clock.Clock) store.Store

func openSQLite(t testing.TB, clk clock.Clock) store.Store {
	s, err := sqlite.Open(ctx, sqlite.Config{Path: filepath.Join(t.TempDir(), "j.db"), Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t testing.TB, clk clock.Clock) store.Store {
	s, err := postgres.Open(ctx, postgres.Config{DSN: pgtest.NewDatabase(t), Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var databases = []struct {
	name string
	open opener
}{{"SQLite", openSQLite}, {"PostgreSQL", openPostgres}}

func newEnv(t testing.TB, open opener) *env {
	clk := clock.NewFake(epoch)
	s := open(t, clk)
	return &env{log: New(s.SQL(), key, clk), sql: s.SQL(), clk: clk}
}

// eachDB runs fn on a fresh log on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, db.open))
		})
	}
}

// sample is a valid entry; i varies its subject.
func sample(i int) Entry {
	return Entry{
		Handler: "staff-7", Role: "officer", Source: "10.0.0.1", Subject: fmt.Sprintf("s_%d", i),
		Service: "seoul-healthcare", Purpose: "health", Items: []string{"weight", "steps"},
		Action: View, Outcome: Allowed,
	}
}

func samples(n int) []Entry {
	es := make([]Entry, n)
	for i := range es {
		es[i] = sample(i)
	}
	return es
}

func (e *env) append(t testing.TB, es ...Entry) {
	t.Helper()
	if err := e.sql.InTx(ctx, func(tx store.Querier) error { return e.log.Append(ctx, tx, es...) }); err != nil {
		t.Fatal(err)
	}
}

func (e *env) checkpoint(t testing.TB) *Checkpoint {
	t.Helper()
	cp, err := e.log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

func (e *env) verify(t testing.TB) Report {
	t.Helper()
	r, err := e.log.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *env) mustVerify(t testing.TB) Report {
	t.Helper()
	r := e.verify(t)
	if !r.OK() {
		t.Fatalf("Verify: %v", r.FirstBad)
	}
	return r
}

// exec runs raw SQL on the log's tables, as a tamperer would.
func (e *env) exec(t testing.TB, q string, args ...any) {
	t.Helper()
	if err := e.sql.InTx(ctx, func(tx store.Querier) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// alter rewrites entry seq's stored encoding after change, leaving its
// hash: what an UPDATE of one field would do.
func (e *env) alter(t testing.TB, seq int64, change func(*Entry)) {
	t.Helper()
	var enc []byte
	if err := e.sql.Reader().QueryRowContext(ctx, `SELECT entry FROM audit_entries WHERE seq = ?`, seq).Scan(&enc); err != nil {
		t.Fatal(err)
	}
	x, err := decodeEntry(enc)
	if err != nil {
		t.Fatal(err)
	}
	change(&x)
	e.exec(t, `UPDATE audit_entries SET entry = ?, at = ? WHERE seq = ?`, encode(nil, &x), x.Time.UnixMicro(), seq)
}

func (e *env) count(t testing.TB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.sql.Reader().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
