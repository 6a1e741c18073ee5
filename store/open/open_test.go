package open

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/postgres/pgtest"
	"jikimi/store/sqlite"
)

var fake = clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))

func mustOpen(t *testing.T, cfg Config) store.Store {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if v, err := s.SchemaVersion(context.Background()); err != nil || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	return s
}

func TestSQLiteInDataDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "data")
	mustOpen(t, Config{DataDir: dir, Clock: fake})
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("data directory: %v, %v; want mode 0700", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, SQLiteFile)); err != nil {
		t.Fatalf("no %s in the data directory: %v", SQLiteFile, err)
	}
}

func TestPostgresForEitherScheme(t *testing.T) {
	t.Parallel()
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		t.Run(strings.TrimSuffix(scheme, "://"), func(t *testing.T) {
			t.Parallel()
			dsn := scheme + strings.SplitN(pgtest.NewDatabase(t), "://", 2)[1]
			dir := filepath.Join(t.TempDir(), "unused")
			mustOpen(t, Config{DataDir: dir, DSN: dsn, Clock: fake})
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("a PostgreSQL store touched the data directory: %v", err)
			}
		})
	}
}

func TestInvalidConfig(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		cfg  Config
		code string
	}{
		"NoClock":        {Config{DataDir: t.TempDir()}, errs.Invalid},
		"NoPlace":        {Config{Clock: fake}, errs.Invalid},
		"MistypedScheme": {Config{DataDir: t.TempDir(), DSN: "postgress://postgres@127.0.0.1/x", Clock: fake}, errs.Invalid},
		"OtherDatabase":  {Config{DataDir: t.TempDir(), DSN: "mysql://root@127.0.0.1/x", Clock: fake}, errs.Invalid},
		"DirUnderAFile":  {Config{DataDir: "/dev/null/data", Clock: fake}, errs.Unavailable},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Open(context.Background(), tt.cfg); errs.Code(err) != tt.code {
				t.Fatalf("Open = %v, want %s", err, tt.code)
			}
		})
	}
}

// TestDriversShareMigrationNumbers fails when a migration is added to one
// driver and not the other, or numbered twice or with a gap in either.
func TestDriversShareMigrationNumbers(t *testing.T) {
	t.Parallel()
	lite, pg := numbers(t, sqlite.Migrations()), numbers(t, postgres.Migrations())
	if !slices.Equal(lite, pg) {
		t.Fatalf("sqlite migrations %v, postgres %v: want the same numbers", lite, pg)
	}
}

func numbers(t *testing.T, src fs.FS) []int {
	t.Helper()
	ms, err := store.LoadMigrations(src)
	if err != nil {
		t.Fatal(err)
	}
	var ns []int
	for _, m := range ms {
		ns = append(ns, m.Version)
	}
	return ns
}
