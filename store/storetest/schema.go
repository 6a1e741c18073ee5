package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/clock"
	"jikimi/store"
)

// Database is one empty database a driver made for a test, with the hooks
// RunSchema needs to reach below the Store interface.
type Database struct {
	// SQL is a raw handle on the database, closed at the test's cleanup, for
	// making states the store never makes (a foreign table, a newer version).
	SQL *sql.DB
	// Dialect is the driver's, for listing tables.
	Dialect store.Dialect
	// Migrations is the driver's real migration source.
	Migrations fs.FS
	// Open opens the database as the driver's Open would, but with o's
	// migration source. The suite closes what it opens.
	Open func(ctx context.Context, o Options) (store.Store, error)
}

// Options are what RunSchema varies when it opens a database.
type Options struct {
	Migrations fs.FS
	Migrate    bool
	Clock      clock.Clock
}

// RunSchema runs the migration-rule tests. newDatabase returns an empty
// database no other test uses.
func RunSchema(t *testing.T, newDatabase func(t *testing.T) Database) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db Database)
	}{
		{"Fresh/Migrated", testFreshMigrated},
		{"Fresh/EveryMigration", testFreshEveryMigration},
		{"Fresh/FailedMigrationLeavesItEmpty", testFreshFailed},
		{"Fresh/ConcurrentOpens", testConcurrentOpens},
		{"Current/OpensWithoutMigrate", testCurrentOpens},
		{"Outdated/Refused", testOutdatedRefused},
		{"Outdated/MigratedWhenAsked", testOutdatedMigrated},
		{"Outdated/FailedMigrationRollsBack", testFailedRollsBack},
		{"Outdated/FailureKeepsEarlierMigrations", testUpgradeKeepsEarlierMigrations},
		{"Newer/AlwaysRefused", testNewerRefused},
		{"Unknown/TablesWithoutMigrations", testUnknownNoTable},
		{"Unknown/TablesWithEmptyMigrations", testUnknownEmptyTable},
		{"BadSource/Refused", testBadSource},
		{"Upgrade/RenamedTablesKeepRows", testRenamesKeepRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newDatabase(t))
		})
	}
}

// StoresOf turns a driver's newDatabase into Run's newStore: a store opened
// on a fresh database with the driver's real migrations.
func StoresOf(newDatabase func(t *testing.T) Database) func(t *testing.T) store.Store {
	return func(t *testing.T) store.Store {
		db := newDatabase(t)
		return mustOpen(t, db, db.Migrations, false)
	}
}

// appliedAt is the fake time migrations are stamped with.
var appliedAt = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func open(t *testing.T, db Database, src fs.FS, migrate bool) (store.Store, error) {
	t.Helper()
	s, err := db.Open(context.Background(), Options{Migrations: src, Migrate: migrate, Clock: clock.NewFake(appliedAt)})
	if err == nil {
		t.Cleanup(func() { _ = s.Close() })
	}
	return s, err
}

func mustOpen(t *testing.T, db Database, src fs.FS, migrate bool) store.Store {
	t.Helper()
	s, err := open(t, db, src, migrate)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

// withExtra is src followed by more migrations, numbered on from src's last.
func withExtra(t *testing.T, src fs.FS, bodies ...string) fs.FS {
	t.Helper()
	files := map[string]string{}
	for i, body := range bodies {
		files[fmt.Sprintf("%04d_probe_%d.sql", count(t, src)+i+1, i)] = body
	}
	return withFiles(t, src, files)
}

// withFiles is src's migrations plus files, name to body.
func withFiles(t *testing.T, src fs.FS, files map[string]string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for _, mig := range migrations(t, src) {
		m[mig.Name] = &fstest.MapFile{Data: []byte(mig.SQL)}
	}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

func count(t *testing.T, src fs.FS) int {
	t.Helper()
	return len(migrations(t, src))
}

func migrations(t *testing.T, src fs.FS) []store.Migration {
	t.Helper()
	ms, err := store.LoadMigrations(src)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
