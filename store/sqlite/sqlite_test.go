package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/internal/sqlstore"
	"jikimi/store/storetest"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestStore(t *testing.T) { storetest.Run(t, storetest.StoresOf(newDatabase)) }

func TestSchema(t *testing.T) { storetest.RunSchema(t, newDatabase) }

// newDatabase is a fresh file, with a raw writer on it for the suite.
func newDatabase(t *testing.T) storetest.Database {
	path := tempPath(t)
	raw, err := connect(context.Background(), path, writer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return storetest.Database{SQL: raw, Dialect: dialect, Migrations: Migrations(),
		Open: func(ctx context.Context, o storetest.Options) (store.Store, error) {
			return open(ctx, Config{Path: path, Migrate: o.Migrate, Clock: o.Clock}, o.Migrations)
		}}
}

// openTemp opens a migrated store on a fresh file with the exported Open.
func openTemp(t *testing.T) *sqlstore.DB {
	s, err := Open(context.Background(), Config{Path: tempPath(t), Clock: clock.NewFake(epoch)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s.(*sqlstore.DB)
}

func tempPath(t *testing.T) string { return filepath.Join(t.TempDir(), "jikimi.db") }

func TestPragmas(t *testing.T) {
	db := openTemp(t)
	for _, tt := range []struct {
		name   string
		pool   *sql.DB
		pragma string
		want   string
	}{
		{"WriterWAL", db.W, "journal_mode", "wal"},
		{"WriterBusyTimeout", db.W, "busy_timeout", "5000"},
		{"WriterForeignKeys", db.W, "foreign_keys", "1"},
		{"WriterSynchronousNormal", db.W, "synchronous", "1"},
		{"WriterWrites", db.W, "query_only", "0"},
		{"ReaderWAL", db.R, "journal_mode", "wal"},
		{"ReaderBusyTimeout", db.R, "busy_timeout", "5000"},
		{"ReaderForeignKeys", db.R, "foreign_keys", "1"},
		{"ReaderSynchronousNormal", db.R, "synchronous", "1"},
		{"ReaderReadOnly", db.R, "query_only", "1"},
		{"WriterMapped", db.W, "mmap_size", "2147418112"}, // 2 GiB, as SQLite's build caps it
		{"ReaderMapped", db.R, "mmap_size", "2147418112"},
		{"WriterPageCache", db.W, "cache_size", "-65536"},
		{"ReaderPageCache", db.R, "cache_size", "-65536"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if err := tt.pool.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil || got != tt.want {
				t.Fatalf("PRAGMA %s = %q, %v; want %q", tt.pragma, got, err, tt.want)
			}
		})
	}
}

func TestOneWriter(t *testing.T) {
	db := openTemp(t)
	if n := db.W.Stats().MaxOpenConnections; n != 1 {
		t.Fatalf("writer pool allows %d connections, want 1", n)
	}
	if db.R == db.W || db.R.Stats().MaxOpenConnections < 2 {
		t.Fatal("readers do not have a pool of their own")
	}
}

func TestOpenRequiresPathAndClock(t *testing.T) {
	for name, cfg := range map[string]Config{
		"NoPath":  {Clock: clock.NewFake(epoch)},
		"NoClock": {Path: tempPath(t)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Open(context.Background(), cfg); errs.Code(err) != errs.Invalid {
				t.Fatalf("Open = %v, want invalid", err)
			}
		})
	}
}

// TestWALKeeperCheckpoints: a small commit, far below the writer's own
// checkpoint threshold, reaches the database file through the WAL keeper.
func TestWALKeeperCheckpoints(t *testing.T) {
	path := tempPath(t)
	s, err := Open(context.Background(), Config{Path: path, Clock: clock.NewFake(epoch)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const marker = "SYNTHETIC-WAL-KEEPER-MARKER"
	err = s.SQL().InTx(context.Background(), func(tx store.Querier) error {
		if _, err := tx.ExecContext(context.Background(), `CREATE TABLE keeper_probe (v TEXT NOT NULL)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `INSERT INTO keeper_probe (v) VALUES (?)`, marker)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !fileHolds(t, path, marker) {
		if time.Now().After(deadline) {
			t.Fatal("the commit never reached the database file: nothing checkpointed it")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

func fileHolds(t *testing.T, path, s string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, []byte(s))
}

// A process that finds another one migrating the same new file waits for it,
// however long past the busy timeout it takes, instead of failing to begin.
func TestOpenWaitsForAnotherMigration(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	other, err := connect(ctx, path, writer)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil) // _txlock=immediate: the write lock
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan error, 1)
	go func() {
		st, err := Open(ctx, Config{Path: path, Clock: clock.NewFake(epoch)})
		if err == nil {
			err = st.Close()
		}
		opened <- err
	}()
	select {
	case err := <-opened:
		t.Fatalf("open finished while another connection held the write lock: %v", err)
	case <-time.After(6 * time.Second): // past the 5 s busy timeout
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-opened; err != nil {
		t.Fatalf("open after the other connection let go: %v", err)
	}
	st, err := Open(ctx, Config{Path: path, Clock: clock.NewFake(epoch)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := store.LoadMigrations(Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("schema version %d, %v; want %d", v, err, ms[len(ms)-1].Version)
	}
}
