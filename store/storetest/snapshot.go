package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"jikimi/store"
)

// snapshot describes a database as its tables, their row counts and its
// applied migrations: enough to see that a refused or failed open changed
// nothing.
func snapshot(t *testing.T, db Database) string {
	t.Helper()
	tables := tableNames(t, db)
	var b strings.Builder
	for _, name := range tables {
		fmt.Fprintf(&b, "%s:%d ", name, queryInt(t, db, "SELECT COUNT(*) FROM "+name))
	}
	if slices.Contains(tables, "schema_migrations") {
		fmt.Fprintf(&b, "version:%d", queryInt(t, db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
	}
	return b.String()
}

func tableNames(t *testing.T, db Database) []string {
	t.Helper()
	list, err := store.Column[string](context.Background(), db.SQL, "list tables", db.Dialect.Tables)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, n := range list {
		names[n] = true
	}
	return slices.Sorted(maps.Keys(names))
}

func queryInt(t *testing.T, db Database, query string) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func exec(t *testing.T, db Database, query string) {
	t.Helper()
	if _, err := db.SQL.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
