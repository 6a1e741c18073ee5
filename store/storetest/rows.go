package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/store"
)

type kv struct {
	k string
	v int64
}

func scanKV(s store.Scanner, r *kv) error { return s.Scan(&r.k, &r.v) }

// Collect and Column read every row in the query's order; no rows is nil.
func testCollectRows(t *testing.T, s store.Store) {
	q := scratch(t, s)
	ctx := context.Background()
	for i, k := range []string{"b", "a", "c"} {
		if err := q.InTx(ctx, func(tx store.Querier) error { return put(tx, k, int64(i)) }); err != nil {
			t.Fatal(err)
		}
	}
	got, err := store.Collect(ctx, q.Reader(), "storetest: read", scanKV, `SELECT k, v FROM scratch WHERE v >= ? ORDER BY k`, 0)
	if err != nil || !slices.Equal(got, []kv{{"a", 1}, {"b", 0}, {"c", 2}}) {
		t.Fatalf("Collect = %v, %v", got, err)
	}
	keys, err := store.Column[string](ctx, q.Reader(), "storetest: read", `SELECT k FROM scratch ORDER BY v DESC`)
	if err != nil || !slices.Equal(keys, []string{"c", "a", "b"}) {
		t.Fatalf("Column = %v, %v", keys, err)
	}
	none, err := store.Column[int64](ctx, q.Reader(), "storetest: read", `SELECT v FROM scratch WHERE k = ?`, "zz")
	if err != nil || none != nil {
		t.Fatalf("no rows = %#v, %v", none, err)
	}
}

// A failing query or scan is errs.Internal with the caller's message, no
// partial result; an error the scan gives with a code keeps it.
func testCollectFailures(t *testing.T, s store.Store) {
	q := scratch(t, s)
	ctx := context.Background()
	if err := q.InTx(ctx, func(tx store.Querier) error { return put(tx, "a", 1) }); err != nil {
		t.Fatal(err)
	}
	got, err := store.Collect(ctx, q.Reader(), "storetest: bad query", scanKV, `SELECT k, v FROM no_such_table`)
	if errs.Code(err) != errs.Internal || got != nil || !errors.As(err, new(*errs.Error)) || err.(*errs.Error).Message != "storetest: bad query" {
		t.Fatalf("bad query = %v, %v", got, err)
	}
	if _, err := store.Column[int64](ctx, q.Reader(), "storetest: bad scan", `SELECT k FROM scratch`); errs.Code(err) != errs.Internal {
		t.Fatalf("a text scanned as a number = %v", err)
	}
	refuse := func(store.Scanner, *kv) error { return errs.E(errs.Invalid, "refused") }
	if _, err := store.Collect(ctx, q.Reader(), "storetest: read", refuse, `SELECT k, v FROM scratch`); errs.Code(err) != errs.Invalid {
		t.Fatalf("a scan's own error = %v", err)
	}
}
