// Package sqlitetest gives tests an SQLite database file that already holds
// every migration, copied from one file migrated once per test process.
//
// Migrating a new file runs every migration in order (ALTER TABLE ... RENAME
// re-parses the whole schema each time); under the race detector that was
// more than half of some packages' test CPU. A copy of a file migrated once
// is what sqlite.Open would have made: it checks the version and finds it
// current. The tests of migrating itself open new files, not copies.
//
// It is for tests only: production code must never import it.
package sqlitetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/sqlite"
)

// appliedAt stamps the template's migrations: a fixed instant, so that
// nothing in a copy depends on when the process started.
var appliedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var template = sync.OnceValues(migrate)

// migrate builds the template in a folder of its own and keeps its bytes.
func migrate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "jikimi-sqlitetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	st, err := sqlite.Open(context.Background(), sqlite.Config{Path: path, Clock: clock.NewFake(appliedAt)})
	if err != nil {
		return nil, err
	}
	// Closing the last connection checkpoints the write-ahead log into the
	// file and removes it, so the file alone is the whole database.
	if err := st.Close(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, os.ErrExist
	}
	return os.ReadFile(path)
}

// Place writes a migrated database at path, which must not exist yet; a
// later sqlite.Open of path finds its schema current.
func Place(t testing.TB, path string) {
	t.Helper()
	if err := Write(path); err != nil {
		t.Fatalf("sqlitetest: %v", err)
	}
}

// Write is Place for code without a testing.TB at hand (a TestMain, a
// server shared by a package's tests).
func Write(path string) error {
	b, err := template()
	if err != nil {
		return fmt.Errorf("migrate the template: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// File is a migrated database file in a folder of t's own.
func File(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "j.db")
	Place(t, path)
	return path
}

// Bytes is the database file at path with its write-ahead log and
// shared-memory index, as a thief of the disk would read them: what a test
// scans for personal data in the clear. The file itself must exist.
func Bytes(t testing.TB, path string) []byte {
	t.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && (suffix == "" || !os.IsNotExist(err)) {
			t.Fatalf("sqlitetest: %v", err)
		}
		all = append(all, b...)
	}
	return all
}

// Open opens a migrated database of t's own, closed when t ends.
func Open(t testing.TB, clk clock.Clock) store.Store {
	t.Helper()
	return OpenAt(t, File(t), clk)
}

// OpenAt opens the database file at path, closed when t ends: a file File
// placed, opened again as a restarted process would (a new file is
// migrated, as sqlite.Open does).
func OpenAt(t testing.TB, path string, clk clock.Clock) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Config{Path: path, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
