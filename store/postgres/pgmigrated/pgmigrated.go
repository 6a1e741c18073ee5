// Package pgmigrated gives tests a PostgreSQL database that already holds
// every migration: a copy of a template database migrated once per test
// server and set of migrations (pgtest.FromTemplate), instead of running
// every migration again for each test's database.
//
// It is for tests only: production code must never import it. The tests of
// migrating itself use pgtest.NewDatabase, an empty database.
package pgmigrated

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/postgres/pgtest"
)

// appliedAt stamps the template's migrations: a fixed instant.
var appliedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// key names the migrations: a hash of every file's name and content, so a
// changed or added migration makes a new template.
var key = sync.OnceValues(func() (string, error) {
	h := sha256.New()
	src := postgres.Migrations()
	err := fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, path)
		h.Write([]byte(path + "\x00"))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
})

// NewDatabase is a migrated database of t's own, dropped when t ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	k, err := key()
	if err != nil {
		t.Fatalf("pgmigrated: read the migrations: %v", err)
	}
	return pgtest.FromTemplate(t, "pg", k, func(ctx context.Context, dsn string) error {
		st, err := postgres.Open(ctx, postgres.Config{DSN: dsn, Clock: clock.NewFake(appliedAt)})
		if err != nil {
			return err
		}
		return st.Close()
	})
}

// Open opens a migrated database of t's own, closed and dropped when t ends.
func Open(t testing.TB, clk clock.Clock) store.Store {
	t.Helper()
	return OpenAt(t, NewDatabase(t), clk)
}

// OpenAt opens the database dsn names, closed when t ends: one NewDatabase
// made, opened again as a restarted process would (an empty one is
// migrated, as postgres.Open does).
func OpenAt(t testing.TB, dsn string, clk clock.Clock) store.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), postgres.Config{DSN: dsn, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
