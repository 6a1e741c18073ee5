package pgmigrated

import (
	"context"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/postgres"
)

// A copy opens without migrating, at the driver's newest migration; OpenAt
// of its DSN opens that copy again.
func TestNewDatabaseIsCurrent(t *testing.T) {
	ctx := context.Background()
	ms, err := store.LoadMigrations(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Now())
	dsn := NewDatabase(t)
	st := OpenAt(t, dsn, clk)
	if v, err := st.SchemaVersion(ctx); err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("schema version %d, %v; want %d", v, err, ms[len(ms)-1].Version)
	}
	if _, err := st.SQL().DB().ExecContext(ctx, `CREATE TABLE only_here (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := OpenAt(t, dsn, clk).SQL().DB().QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the database opened again lacks its table: %d, %v", n, err)
	}
}
