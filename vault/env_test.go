package vault

import (
	"context"
	"crypto/rand"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/keys"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
)

var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// env is one vault on a real database with a real keyring and access log.
type env struct {
	v      *Vault
	st     store.Store
	clk    *clock.Fake
	ring   *keys.Keyring
	ringAt string
	dbPath string // the SQLite file; "" on PostgreSQL
	log    *audit.Log
	reg    *policy.Registry
}

// drivers runs fn once on SQLite and once on PostgreSQL, each on an env of
// its own.
func drivers(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, sqliteEnv(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, newEnv(t, database{dsn: pgmigrated.NewDatabase(t)}))
	})
}

func sqliteEnv(t *testing.T) *env { return newEnv(t, database{path: sqlitetest.File(t)}) }

// database names where an env's store is: an SQLite file or a PostgreSQL
// database.
type database struct{ path, dsn string }

// open opens it, closed when t ends.
func (d database) open(t testing.TB, clk clock.Clock) store.Store {
	if d.dsn != "" {
		return pgmigrated.OpenAt(t, d.dsn, clk)
	}
	return sqlitetest.OpenAt(t, d.path, clk)
}

func newEnv(t testing.TB, db database) *env {
	t.Helper()
	clk := clock.NewFake(epoch)
	st := db.open(t, clk)
	ringAt := filepath.Join(t.TempDir(), "keyring.json")
	ring, err := keys.Generate(ringAt, clk, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, clk: clk, ring: ring, ringAt: ringAt, dbPath: db.path, reg: loadPolicies(t)}
	e.log = audit.New(st.SQL(), ring.SigningKey(), clk)
	e.v, err = e.open(ring)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) open(ring *keys.Keyring) (*Vault, error) {
	return Open(context.Background(), e.config(func(c *Config) { c.Keys, c.Index = ring, ring.BlindIndexer() }))
}

// config is the gate's configuration over this env's store, policies,
// keyring, log and clock, with what change changes (nil: nothing).
func (e *env) config(change func(*Config)) Config {
	c := Config{SQL: e.st.SQL(), Policies: e.reg, Keys: e.ring, Index: e.ring.BlindIndexer(), Log: e.log, Clock: e.clk}
	if change != nil {
		change(&c)
	}
	return c
}

// logged is the part of an access-log entry the tests look at.
type logged struct {
	Handler, Subject, Purpose, Items, Action, Outcome, Reason string
	Records                                                   int64
}

// lastEntry reads the newest access-log entry.
func (e *env) lastEntry(t *testing.T) logged {
	t.Helper()
	last, err := e.log.Last(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return logged{Handler: last.Handler, Subject: last.Subject, Purpose: last.Purpose, Items: strings.Join(last.Items, ","),
		Action: string(last.Action), Outcome: string(last.Outcome), Reason: last.Reason, Records: last.Records}
}

func (e *env) countRecords(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.st.SQL().Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pd_records`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func keysGenerate(t *testing.T, e *env) (*keys.Keyring, error) {
	return keys.Generate(filepath.Join(t.TempDir(), "other.json"), e.clk, rand.Reader)
}

var randReader = rand.Reader

func keysLoad(path string) (*keys.Keyring, error) { return keys.Load(path) }

// failingLog refuses every entry.
type failingLog struct{}

func (failingLog) Append(context.Context, store.Querier, ...audit.Entry) error {
	return errors.New("log unavailable")
}

func (failingLog) Prepare(audit.Entry) (audit.Prepared, error) { return audit.Prepared{}, nil }

func (failingLog) AppendPrepared(context.Context, store.Querier, ...audit.Prepared) error {
	return errors.New("log unavailable")
}
