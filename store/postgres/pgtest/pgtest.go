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
