// Package pgtest gives each test its own throwaway PostgreSQL database on the
// server named by JIKIMI_TEST_POSTGRES, and drops it when the test ends.
//
// It must never touch a database it did not create, and never skip silently
// in CI: with CI set, an unreachable server fails the test.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// DefaultServer is used when JIKIMI_TEST_POSTGRES is unset.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Server is the DSN of the test server's maintenance database.
func Server() string {
	if s := os.Getenv("JIKIMI_TEST_POSTGRES"); s != "" {
		return s
	}
	return DefaultServer
}

// NewDatabase creates an empty database jikimi_t_<random> for t and returns
// its DSN; the database is dropped, connections and all, at t's cleanup.
// An unreachable server skips t, or fails it when the env CI is set.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := connectAdmin(t)
	name := "jikimi_t_" + randomHex(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() { drop(t, admin, name) })
	return dsnFor(t, name)
}

// FromTemplate creates a database for t as a copy of the template database
// jikimi_tpl_<key>, dropped at t's cleanup like NewDatabase's. The first
// test (of any process) to ask for a key that has no template yet builds it
// under an advisory lock: build gets the DSN of a new database to fill, and
// the filled database becomes the template once build returns and every
// connection to it is closed. Copying a template is one CREATE DATABASE,
// far cheaper than building each test's database again; key must change
// whenever what build makes does (a hash of the migrations, say).
// Templates are kept on the test server between runs (a few megabytes
// each); one of an older key is never used again and may be dropped by hand.
func FromTemplate(t testing.TB, prefix, key string, build func(ctx context.Context, dsn string) error) string {
	t.Helper()
	admin := connectAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tpl := "jikimi_tpl_" + prefix + "_" + key
	if err := ensureTemplate(ctx, admin, tpl, prefix, func(name string) error {
		return build(ctx, dsnFor(t, name))
	}); err != nil {
		t.Fatalf("pgtest: template %s: %v", tpl, err)
	}
	name := "jikimi_t_" + randomHex(t)
	if err := whenLetGo(ctx, admin, "CREATE DATABASE "+name+" TEMPLATE "+tpl); err != nil {
		t.Fatalf("pgtest: create database %s from %s: %v", name, tpl, err)
	}
	t.Cleanup(func() { drop(t, admin, name) })
	return dsnFor(t, name)
}

// templateLock is the advisory lock key under which templates are built.
const templateLock = 0x6a696b696d69 // "jikimi"

func ensureTemplate(ctx context.Context, admin *sql.DB, tpl, prefix string, build func(name string) error) error {
	if ok, err := exists(ctx, admin, tpl); err != nil || ok {
		return err
	}
	conn, err := admin.Conn(ctx) // the admin pool's one connection, held with the lock
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", templateLock) //nolint:errcheck // the session ends with the connection anyway
	if ok, err := exists(ctx, conn, tpl); err != nil || ok {
		return err // another process built it while this one waited
	}
	building := tpl + "_b"
	// A build that died under the lock left it; nothing else uses the name.
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return err
	}
	if err := build(building); err != nil {
		_, _ = conn.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		return err
	}
	return whenLetGo(ctx, conn, "ALTER DATABASE "+building+" RENAME TO "+tpl)
}

// whenLetGo runs a statement that needs a database nobody is connected to,
// trying again for a while: a server process may still be ending after its
// client closed the connection.
func whenLetGo(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, stmt string) error {
	var err error
	for range 40 {
		if _, err = q.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "being accessed by other users") {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
	return err
}

func exists(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n)
	return n > 0, err
}

func connectAdmin(t testing.TB) *sql.DB {
	t.Helper()
	admin, err := sql.Open("pgx", Server())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = admin.PingContext(ctx)
	}
	if err != nil {
		unreachable(t, err)
	}
	admin.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = admin.Close() })
	return admin
}

func unreachable(t testing.TB, err error) {
	t.Helper()
	const msg = "pgtest: PostgreSQL test server unreachable (set JIKIMI_TEST_POSTGRES, default %s): %v"
	if os.Getenv("CI") != "" {
		t.Fatalf(msg, DefaultServer, err)
	}
	t.Skipf(msg+"; skipping outside CI", DefaultServer, err)
}

func drop(t testing.TB, admin *sql.DB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("pgtest: drop database %s: %v", name, err)
	}
}

func dsnFor(t testing.TB, name string) string {
	u, err := url.Parse(Server())
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("pgtest: JIKIMI_TEST_POSTGRES must be a postgres:// URL")
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
