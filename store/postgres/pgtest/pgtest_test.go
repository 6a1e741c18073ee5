package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

// Two databases from one template: the template is built once, each copy
// holds what the build made, and each copy is a database of its own.
func TestFromTemplate(t *testing.T) {
	ctx := context.Background()
	key := randomHex(t) // a template of this test's own
	t.Cleanup(func() { drop(t, connectAdmin(t), "jikimi_tpl_test_"+key) })
	builds := 0
	build := func(ctx context.Context, dsn string) error {
		builds++
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, "CREATE TABLE made_by_build (x int); INSERT INTO made_by_build VALUES (7)")
		return err
	}
	a, b := FromTemplate(t, "test", key, build), FromTemplate(t, "test", key, build)
	if builds != 1 {
		t.Fatalf("built %d times, want once", builds)
	}
	open := func(dsn string) *sql.DB {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	da, db := open(a), open(b)
	if _, err := da.ExecContext(ctx, "INSERT INTO made_by_build VALUES (8)"); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[*sql.DB]int{da: 15, db: 7} {
		var sum int
		if err := d.QueryRowContext(ctx, "SELECT sum(x) FROM made_by_build").Scan(&sum); err != nil || sum != want {
			t.Fatalf("sum %d, %v; want %d", sum, err, want)
		}
	}
}
