package audit

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
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

var openSQLite, openPostgres opener = sqlitetest.Open, pgmigrated.Open

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
	e.edit(t, func(rs []*row) []*row {
		r := find(t, rs, seq)
		x, err := decodeEntry(r.entry)
		if err != nil {
			t.Fatal(err)
		}
		change(&x)
		r.entry = encode(nil, &x)
		return rs
	})
}

// rows reads every stored entry as owned rows, in batch order.
func (e *env) rows(t testing.TB) []*row {
	t.Helper()
	s, err := scanEntries(ctx, e.sql.Reader(), 0, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	var rs []*row
	for s.next() {
		rs = append(rs, s.r.clone())
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	return rs
}

// edit stores the log again as change leaves its rows, as a tamperer with
// write access to the table would: in sequence order, a new batch wherever
// a row does not continue the one before (its number or its link), each
// batch's time bounds its entries'.
func (e *env) edit(t testing.TB, change func([]*row) []*row) {
	t.Helper()
	rs := change(e.rows(t))
	slices.SortStableFunc(rs, func(a, b *row) int { return cmp.Compare(a.seq, b.seq) })
	e.exec(t, `DELETE FROM audit_batches`)
	for len(rs) > 0 {
		n := 1
		for n < len(rs) && rs[n].seq == rs[n-1].seq+1 && bytes.Equal(rs[n].prev, rs[n-1].hash) {
			n++
		}
		p := &packed{first: rs[0].seq, prev: rs[0].prev, n: int64(n)}
		for i, r := range rs[:n] {
			p.entries = append(p.entries, r.entry...)
			p.hashes = append(p.hashes, r.hash...)
			at, _ := encodedAt(r.entry)
			p.bound(at, i == 0)
		}
		if err := e.sql.InTx(ctx, func(tx store.Querier) error { return p.insert(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		rs = rs[n:]
	}
}

func find(t testing.TB, rs []*row, seq int64) *row {
	t.Helper()
	for _, r := range rs {
		if r.seq == seq {
			return r
		}
	}
	t.Fatalf("no entry %d", seq)
	return nil
}

// entries is how many entries the log stores.
func (e *env) entries(t testing.TB) int64 {
	return e.count(t, `SELECT COALESCE(SUM(n), 0) FROM audit_batches`)
}

func (e *env) count(t testing.TB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.sql.Reader().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
