// Package vaulttest opens a real gate for the tests of the packages built
// on it (retention, the compliance simulator): a fresh database on SQLite or
// PostgreSQL, a generated keyring, the access log and a fake clock.
//
// It is for tests only: it must never be imported by production code, and
// it touches no database it did not create, except one handed to Attach.
package vaulttest

import (
	"context"
	"crypto/rand"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/keys"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
)

// Epoch is where the fake clock starts unless told otherwise.
var Epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Config adjusts an Env.
type Config struct {
	Policies *policy.Registry // nil: the declared policies (policies.FS)
	Start    time.Time        // the fake clock's start; zero: Epoch
}

// Env is one gate on a real database.
type Env struct {
	Vault    *vault.Vault
	Store    store.Store
	Clock    *clock.Fake
	Log      *audit.Log
	Ring     *keys.Keyring
	Policies *policy.Registry
	DBPath   string // the SQLite file; "" on PostgreSQL
	DSN      string // the PostgreSQL database; "" on SQLite
	RingPath string
}

// SQL is the store's transactional access.
func (e *Env) SQL() store.SQL { return e.Store.SQL() }

// Opener opens a fresh Env on one driver.
type Opener func(t testing.TB, cfg Config) *Env

// Drivers runs fn once on SQLite and once on PostgreSQL, in parallel.
func Drivers(t *testing.T, fn func(t *testing.T, open Opener)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, Postgres)
	})
}

// SQLite opens a gate on a new SQLite file with a new keyring.
func SQLite(t testing.TB, cfg Config) *Env {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	sqlitetest.Place(t, path)
	return Attach(t, path, "", filepath.Join(dir, "keyring.json"), cfg)
}

// Postgres opens a gate on a new PostgreSQL database with a new keyring.
func Postgres(t testing.TB, cfg Config) *Env {
	return Attach(t, "", pgmigrated.NewDatabase(t), filepath.Join(t.TempDir(), "keyring.json"), cfg)
}

// Attach opens the gate on the SQLite file dbPath or the PostgreSQL
// database dsn, with the keyring at ringPath, creating what is missing: a
// second process attaches to the first one's database and keyring.
func Attach(t testing.TB, dbPath, dsn, ringPath string, cfg Config) *Env {
	t.Helper()
	if cfg.Start.IsZero() {
		cfg.Start = Epoch
	}
	if cfg.Policies == nil {
		cfg.Policies = Declared(t)
	}
	e := &Env{Clock: clock.NewFake(cfg.Start), Policies: cfg.Policies, DBPath: dbPath, DSN: dsn, RingPath: ringPath}
	e.Store = e.openStore(t)
	var err error
	if e.Ring, err = keys.LoadOrGenerate(ringPath, e.Clock, rand.Reader); err != nil {
		t.Fatal(err)
	}
	e.Log = audit.New(e.Store.SQL(), e.Ring.SigningKey(), e.Clock)
	e.Vault, err = vault.Open(context.Background(), vault.Config{
		SQL: e.Store.SQL(), Policies: cfg.Policies, Keys: e.Ring, Index: e.Ring.BlindIndexer(), Log: e.Log, Clock: e.Clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Count is the number a COUNT query answers on the env's database.
func (e *Env) Count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.SQL().Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Rows is how many rows table holds (a table's name, or a subquery named
// as one), to show what a step wrote or left unwritten.
func (e *Env) Rows(t testing.TB, table string) int {
	t.Helper()
	return e.Count(t, `SELECT COUNT(*) FROM `+table)
}

func (e *Env) openStore(t testing.TB) store.Store {
	if e.DSN != "" {
		return pgmigrated.OpenAt(t, e.DSN, e.Clock)
	}
	return sqlitetest.OpenAt(t, e.DBPath, e.Clock)
}

// Declared loads the declared policies.
func Declared(t testing.TB) *policy.Registry {
	t.Helper()
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// LatestFrom is the declared policies with the newest version of each
// named service made to take effect on day (YYYY-MM-DD, before the test's
// clock) in place of all its versions; other services keep every declared
// version. For a test that runs at Epoch what only the newest version
// declares (the pseudonymised processing of seoul-healthcare 2026-12-07).
func LatestFrom(t testing.TB, day string, services ...string) *policy.Registry {
	t.Helper()
	files := fstest.MapFS{}
	declared := Declared(t)
	for _, service := range declared.Services() {
		vs := declared.Declared(service)
		for i, p := range vs {
			data, err := fs.ReadFile(policies.FS, p.File)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case !slices.Contains(services, service):
				files[p.File] = &fstest.MapFile{Data: data}
			case i == len(vs)-1:
				src := strings.NewReplacer(`version: "`+p.Version+`"`, `version: "`+day+`"`, "effective: "+p.Version, "effective: "+day).Replace(string(data))
				files[service+"/"+day+".yaml"] = &fstest.MapFile{Data: []byte(src)}
			}
		}
	}
	reg, err := policy.LoadFS(files, ".")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}
