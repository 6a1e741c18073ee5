package pgmigrated

import (
	"context"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/postgres"
)

// A copy opens without migrating, at the driver's newest migration.
func TestNewDatabaseIsCurrent(t *testing.T) {
	ctx := context.Background()
	ms, err := store.LoadMigrations(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	st, err := postgres.Open(ctx, postgres.Config{DSN: NewDatabase(t), Clock: clock.NewFake(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.SchemaVersion(ctx); err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("schema version %d, %v; want %d", v, err, ms[len(ms)-1].Version)
	}
}
