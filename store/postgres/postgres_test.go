package postgres

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres/pgtest"
	"jikimi/store/storetest"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestStore(t *testing.T) { storetest.Run(t, storetest.StoresOf(newDatabase)) }

func TestSchema(t *testing.T) { storetest.RunSchema(t, newDatabase) }

// newDatabase is a fresh database on the test server, with a raw handle.
func newDatabase(t *testing.T) storetest.Database {
	dsn := pgtest.NewDatabase(t)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return storetest.Database{SQL: raw, Dialect: dialect, Migrations: Migrations(),
		Open: func(ctx context.Context, o storetest.Options) (store.Store, error) {
			return open(ctx, Config{DSN: dsn, Migrate: o.Migrate, Clock: o.Clock}, o.Migrations)
		}}
}

func TestOpenRefusesBadConfig(t *testing.T) {
	for name, tt := range map[string]struct {
		cfg  Config
		code string
	}{
		"NoClock":     {Config{DSN: pgtest.DefaultServer}, errs.Invalid},
		"BadDSN":      {Config{DSN: "postgres://secret@host:notaport/db", Clock: clock.NewFake(epoch)}, errs.Invalid},
		"Unreachable": {Config{DSN: "postgres://nobody:secret@127.0.0.1:1/db?connect_timeout=2", Clock: clock.NewFake(epoch)}, errs.Unavailable},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Open(context.Background(), tt.cfg)
			if errs.Code(err) != tt.code {
				t.Fatalf("Open = %v, want %s", err, tt.code)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error %q shows the DSN's password", err)
			}
		})
	}
}
