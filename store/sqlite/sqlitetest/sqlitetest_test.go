package sqlitetest

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/sqlite"
)

// A copy opens as current, at the driver's newest migration, and each copy
// is a database of its own; OpenAt of a copy's path opens that copy again.
func TestFileIsCurrentAndItsOwn(t *testing.T) {
	ctx := context.Background()
	ms, err := store.LoadMigrations(sqlite.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	newest := ms[len(ms)-1].Version
	clk := clock.NewFake(time.Now())
	path := File(t)
	a, b := OpenAt(t, path, clk), Open(t, clk)
	for _, st := range []store.Store{a, b} {
		if v, err := st.SchemaVersion(ctx); err != nil || v != newest {
			t.Fatalf("schema version %d, %v; want %d", v, err, newest)
		}
	}
	if _, err := a.SQL().DB().ExecContext(ctx, `CREATE TABLE only_in_a (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	tables := func(st store.Store) int {
		t.Helper()
		var n int
		if err := st.SQL().DB().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'only_in_a'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := tables(b); n != 0 {
		t.Fatalf("a table made in one copy is in another: %d", n)
	}
	if n := tables(OpenAt(t, path, clk)); n != 1 {
		t.Fatalf("the copy opened again at its path lacks its table: %d", n)
	}
}

// Place never writes over a file: a test's own database is never replaced.
func TestPlaceRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	if err := os.WriteFile(path, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("place over an existing file: %v, want fs.ErrExist", err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "mine" {
		t.Fatalf("the file was changed: %q, %v", b, err)
	}
}

// Bytes holds what was written to the database, whether it is still in
// the write-ahead log or checkpointed into the file.
func TestBytesHoldWhatWasWritten(t *testing.T) {
	ctx := context.Background()
	path := File(t)
	st := OpenAt(t, path, clock.NewFake(time.Now()))
	if _, err := st.SQL().DB().ExecContext(ctx, `CREATE TABLE kept (v TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SQL().DB().ExecContext(ctx, `INSERT INTO kept VALUES ('SYNTHETIC-BYTES-0001')`); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(Bytes(t, path), []byte("SYNTHETIC-BYTES-0001")) {
		t.Fatal("a written value is not in the database's bytes")
	}
}
