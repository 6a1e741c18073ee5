package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
)

const (
	probeTable = "CREATE TABLE probe_extra (id INTEGER);"
	// broken makes a table and changes publications before failing, so a
	// rollback that misses either shows.
	broken = "CREATE TABLE probe_broken (id INTEGER);\n" +
		"ALTER TABLE publications ADD COLUMN probe INTEGER;\n" +
		"INSERT INTO no_such_table VALUES (1);"
)

func testFreshMigrated(t *testing.T, db Database) {
	s := mustOpen(t, db, db.Migrations, false)
	wantVersion(t, s, count(t, db.Migrations))
	n := queryInt(t, db, "SELECT COUNT(*) FROM schema_migrations")
	if n != count(t, db.Migrations) {
		t.Fatalf("schema_migrations has %d rows, want one per migration", n)
	}
	var at time.Time
	row := db.SQL.QueryRowContext(context.Background(), "SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1")
	if err := row.Scan(&at); err != nil || !at.Equal(appliedAt) {
		t.Fatalf("applied_at = %v, %v; want the store clock's %v", at, err, appliedAt)
	}
}

func testFreshEveryMigration(t *testing.T, db Database) {
	src := withExtra(t, db.Migrations, probeTable)
	s := mustOpen(t, db, src, false)
	wantVersion(t, s, count(t, src))
	queryInt(t, db, "SELECT COUNT(*) FROM probe_extra")
}

func testFreshFailed(t *testing.T, db Database) {
	_, err := open(t, db, withExtra(t, db.Migrations, probeTable, broken), false)
	wantCode(t, err, errs.Internal)
	if got := snapshot(t, db); got != "" {
		t.Fatalf("after a failed fresh install: %q, want an empty database, not a half-installed one", got)
	}
}

// testConcurrentOpens starts several processes' worth of stores at once on
// one empty database: each migration must run exactly once.
func testConcurrentOpens(t *testing.T, db Database) {
	src := withExtra(t, db.Migrations, probeTable)
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := db.Open(context.Background(), Options{Migrations: src, Clock: clock.NewFake(appliedAt)})
			if err == nil {
				err = s.Close()
			}
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM schema_migrations"); n != count(t, src) {
		t.Fatalf("schema_migrations has %d rows, want %d", n, count(t, src))
	}
}

func testCurrentOpens(t *testing.T, db Database) {
	s := mustOpen(t, db, db.Migrations, false)
	record(t, s, pub("2024-03-04", day, "a"))
	s2 := mustOpen(t, db, db.Migrations, false)
	if got := list(t, s2, "seoul-healthcare"); len(got) != 1 {
		t.Fatalf("reopened store lists %+v, want the record", got)
	}
}

func testOutdatedRefused(t *testing.T, db Database) {
	mustOpen(t, db, db.Migrations, false)
	before := snapshot(t, db)
	have := count(t, db.Migrations)
	_, err := open(t, db, withExtra(t, db.Migrations, probeTable), false)
	want := fmt.Sprintf("database schema is at version %d, this binary needs %d: run `jikimi migrate` or start with --migrate", have, have+1)
	wantRefusal(t, err, "schema_outdated", want)
	wantUnchanged(t, db, before)
}

func testOutdatedMigrated(t *testing.T, db Database) {
	record(t, mustOpen(t, db, db.Migrations, false), pub("2024-03-04", day, "a"))
	src := withExtra(t, db.Migrations, probeTable)
	s := mustOpen(t, db, src, true)
	wantVersion(t, s, count(t, src))
	if got := list(t, s, "seoul-healthcare"); len(got) != 1 {
		t.Fatalf("after migrating: %+v, want the record kept", got)
	}
}

func testFailedRollsBack(t *testing.T, db Database) {
	record(t, mustOpen(t, db, db.Migrations, false), pub("2024-03-04", day, "a"))
	before := snapshot(t, db)
	_, err := open(t, db, withExtra(t, db.Migrations, broken), true)
	wantCode(t, err, errs.Internal)
	wantUnchanged(t, db, before)
	if _, err := db.SQL.ExecContext(context.Background(), "SELECT probe FROM publications"); err == nil {
		t.Fatal("the failed migration's new column survived")
	}
	s := mustOpen(t, db, db.Migrations, false)
	wantVersion(t, s, count(t, db.Migrations))
}

func testUpgradeKeepsEarlierMigrations(t *testing.T, db Database) {
	mustOpen(t, db, db.Migrations, false)
	_, err := open(t, db, withExtra(t, db.Migrations, probeTable, broken), true)
	wantCode(t, err, errs.Internal)
	if v := queryInt(t, db, "SELECT MAX(version) FROM schema_migrations"); v != count(t, db.Migrations)+1 {
		t.Fatalf("schema version %d after a failed upgrade, want the migration before the failure kept", v)
	}
	queryInt(t, db, "SELECT COUNT(*) FROM probe_extra")
	if _, err := db.SQL.ExecContext(context.Background(), "SELECT COUNT(*) FROM probe_broken"); err == nil {
		t.Fatal("the failed migration's table survived")
	}
}

func testNewerRefused(t *testing.T, db Database) {
	mustOpen(t, db, db.Migrations, false)
	newer := count(t, db.Migrations) + 1
	exec(t, db, fmt.Sprintf("INSERT INTO schema_migrations (version, applied_at) VALUES (%d, '2030-01-01 00:00:00+00:00')", newer))
	before := snapshot(t, db)
	want := fmt.Sprintf("database schema version %d is newer than this binary (knows up to %d); refusing to start: upgrade the binary", newer, newer-1)
	for _, migrate := range []bool{false, true} {
		_, err := open(t, db, db.Migrations, migrate)
		wantRefusal(t, err, "schema_newer", want)
		wantUnchanged(t, db, before)
	}
}

func testUnknownNoTable(t *testing.T, db Database) {
	exec(t, db, "CREATE TABLE someone_elses (id INTEGER)")
	wantUnknown(t, db)
}

func testUnknownEmptyTable(t *testing.T, db Database) {
	exec(t, db, "CREATE TABLE someone_elses (id INTEGER)")
	exec(t, db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
	wantUnknown(t, db)
}

func testBadSource(t *testing.T, db Database) {
	src := withFiles(t, db.Migrations, map[string]string{"0001_again.sql": probeTable})
	_, err := open(t, db, src, true)
	wantCode(t, err, errs.Internal)
	if got := snapshot(t, db); got != "" {
		t.Fatalf("after refusing a bad migration source: %q, want an empty database", got)
	}
}

func wantUnknown(t *testing.T, db Database) {
	t.Helper()
	before := snapshot(t, db)
	for _, migrate := range []bool{false, true} {
		_, err := open(t, db, db.Migrations, migrate)
		wantRefusal(t, err, "schema_unknown", "database has tables but no schema_migrations record; refusing to start on an unknown schema")
		wantUnchanged(t, db, before)
	}
}

func wantRefusal(t *testing.T, err error, reason, message string) {
	t.Helper()
	e := wantCode(t, err, errs.Unavailable)
	if e.Reason != reason || e.Message != message {
		t.Fatalf("refusal = %s %q,\nwant      %s %q", e.Reason, e.Message, reason, message)
	}
}

func wantUnchanged(t *testing.T, db Database, before string) {
	t.Helper()
	if after := snapshot(t, db); after != before {
		t.Fatalf("database changed:\nbefore %s\nafter  %s", before, after)
	}
}

func wantVersion(t *testing.T, s store.Store, want int) {
	t.Helper()
	if v, err := s.SchemaVersion(context.Background()); err != nil || v != want {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, want)
	}
}
