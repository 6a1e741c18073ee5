package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/sqlite"
)

// A log stored one row an entry, as before the packed layout, is carried
// over by the migration entry for entry: it verifies, proves and reads back.
func TestMigrationPacksAnExistingLog(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(7)...)
		cp := e.checkpoint(t)
		e.append(t, samples(3)...)
		rows, want := e.rows(t), e.log.mustEntries(t, 1, 10)
		e.exec(t, oldLayout[e.sql.Dialect()])
		for _, r := range rows {
			e.exec(t, `INSERT INTO audit_entries (seq, at, entry, prev, hash) VALUES (?, ?, ?, ?, ?)`, r.seq, r.at, r.entry, r.prev, r.hash)
		}
		e.exec(t, `DROP TABLE audit_batches`)
		for _, stmt := range packingMigration(t, e.sql.Dialect()) {
			e.exec(t, stmt)
		}
		if r := e.mustVerify(t); r.To != 10 || r.Checkpoints != 1 {
			t.Fatalf("after the migration: %+v", r)
		}
		if got := e.log.mustEntries(t, 1, 10); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("entries after the migration:\n%v\nwant\n%v", got, want)
		}
		if _, err := e.log.Prove(ctx, 4, cp); err != nil {
			t.Fatal(err)
		}
		e.append(t, sample(11))
		e.checkpoint(t)
		e.mustVerify(t)
	})
}

var oldLayout = map[string]string{
	store.SQLite:   `CREATE TABLE audit_entries (seq INTEGER PRIMARY KEY, at BIGINT NOT NULL, entry BLOB NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL)`,
	store.Postgres: `CREATE TABLE audit_entries (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, entry BYTEA NOT NULL, prev BYTEA NOT NULL, hash BYTEA NOT NULL)`,
}

// packingMigration is the statements of the dialect's migration that packs the log.
func packingMigration(t *testing.T, dialect string) []string {
	src := sqlite.Migrations()
	if dialect == store.Postgres {
		src = postgres.Migrations()
	}
	ms, err := store.LoadMigrations(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.HasSuffix(m.Name, "_audit_batches.sql") {
			return statements(m.SQL)
		}
	}
	t.Fatal("no audit_batches migration")
	return nil
}

func statements(body string) []string {
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	var out []string
	for _, s := range strings.Split(strings.Join(lines, "\n"), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (l *Log) mustEntries(t *testing.T, from, to int64) []Entry {
	t.Helper()
	es, err := l.Entries(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// Appends larger than a batch are stored as several, each whole.
func TestLargeAppendIsSeveralBatches(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(maxBatch+5)...)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_batches`); n != 2 {
		t.Fatalf("%d batches for %d entries", n, maxBatch+5)
	}
	e.checkpoint(t)
	if r := e.mustVerify(t); r.To != maxBatch+5 {
		t.Fatalf("verified to %d", r.To)
	}
}

// The monthly inspection counts the entries of the month only, also from a
// batch that spans the month's edge.
func TestInspectSplitsABatchAtTheMonth(t *testing.T) {
	e := newEnv(t, openSQLite)
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, Seoul)
	before, during := sample(1), sample(2)
	before.Time, during.Time = march.Add(-time.Minute), march.Add(time.Minute)
	e.append(t, before, during, during)
	in, err := e.log.Inspect(ctx, march, InspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if in.Entries != 2 {
		t.Fatalf("March has %d entries, want 2", in.Entries)
	}
}
