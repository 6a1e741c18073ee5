package storetest

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// before is src's migrations before the one whose name ends in suffix: the
// schema a database had when that migration was new.
func before(t *testing.T, src fs.FS, suffix string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for _, mig := range migrations(t, src) {
		if strings.HasSuffix(mig.Name, suffix) {
			return m
		}
		m[mig.Name] = &fstest.MapFile{Data: []byte(mig.SQL)}
	}
	t.Fatalf("no migration named *%s", suffix)
	return nil
}

// renamed are the tables the hc_table_names migration renames, old name
// to new, with a row for each as the old schema had it.
var renamed = []struct{ old, new, row string }{
	{"points_entries", "hc_points_entries", "(subject, entry_key, kind, day, points, created_at) VALUES ('sub_a', 'daily:2026-05-06', 'daily', '2026-05-06', 100, 1)"},
	{"points_accounts", "hc_points_accounts", "(subject, balance, updated_at) VALUES ('sub_a', 100, 1)"},
	{"points_years", "hc_points_years", "(subject, year, earned) VALUES ('sub_a', 2026, 100)"},
	{"points_conversions", "hc_points_conversions", "(id, subject, points, status, created_at) VALUES ('cv_a', 'sub_a', 50, 'pending', 1)"},
	{"cityinfo_members", "hc_cityinfo_members", "(subject, joined_at) VALUES ('sub_a', 1)"},
}

// testRenamesKeepRows upgrades a database that has rows in the tables
// named before the naming convention: each row is there under the new
// name, the old names are gone, and the tables work as before (the
// entries' IDs go on, the balance is still never negative).
func testRenamesKeepRows(t *testing.T, db Database) {
	mustOpen(t, db, before(t, db.Migrations, "_hc_table_names.sql"), false)
	for _, r := range renamed {
		exec(t, db, "INSERT INTO "+r.old+" "+r.row)
	}
	s := mustOpen(t, db, db.Migrations, true)
	wantVersion(t, s, count(t, db.Migrations))
	for _, r := range renamed {
		if n := queryInt(t, db, "SELECT COUNT(*) FROM "+r.new+" WHERE subject = 'sub_a'"); n != 1 {
			t.Errorf("%s has %d rows of the subject after the upgrade, want the one %s had", r.new, n, r.old)
		}
		if _, err := db.SQL.ExecContext(context.Background(), "SELECT COUNT(*) FROM "+r.old); err == nil {
			t.Errorf("%s is still there after the upgrade", r.old)
		}
	}
	exec(t, db, "INSERT INTO hc_points_entries (subject, entry_key, kind, day, points, created_at) VALUES ('sub_a', 'daily:2026-05-07', 'daily', '2026-05-07', 100, 2)")
	if n := queryInt(t, db, "SELECT MAX(id) FROM hc_points_entries"); n != 2 {
		t.Errorf("the next entry's ID is %d, want 2: the ID sequence did not go on", n)
	}
	if _, err := db.SQL.ExecContext(context.Background(), "UPDATE hc_points_accounts SET balance = -1"); err == nil {
		t.Error("a negative balance was accepted after the upgrade: the check did not follow the table")
	}
}
