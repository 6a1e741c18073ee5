package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"jikimi/store"
)

func scratch(t *testing.T, s store.Store) store.SQL {
	t.Helper()
	q := s.SQL()
	err := q.InTx(context.Background(), func(tx store.Querier) error {
		_, err := tx.ExecContext(context.Background(), `CREATE TABLE scratch (k TEXT PRIMARY KEY, v BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func sum(t *testing.T, q store.SQL, k string) int64 {
	t.Helper()
	var v int64
	err := q.Reader().QueryRowContext(context.Background(), `SELECT COALESCE(SUM(v), -1) FROM scratch WHERE k = ?`, k).Scan(&v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func put(q store.Querier, k string, v int64) error {
	_, err := q.ExecContext(context.Background(), `INSERT INTO scratch (k, v) VALUES (?, ?)`, k, v)
	return err
}

func testTxCommits(t *testing.T, s store.Store) {
	q := scratch(t, s)
	if err := q.InTx(context.Background(), func(tx store.Querier) error { return put(tx, "a", 7) }); err != nil {
		t.Fatal(err)
	}
	if got := sum(t, q, "a"); got != 7 {
		t.Fatalf("after commit: %d, want 7", got)
	}
}

func testTxRollsBackOnError(t *testing.T, s store.Store) {
	q := scratch(t, s)
	boom := errors.New("boom")
	err := q.InTx(context.Background(), func(tx store.Querier) error {
		if err := put(tx, "a", 1); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want the function's error", err)
	}
	if got := sum(t, q, "a"); got != -1 {
		t.Fatalf("rolled-back row is visible: %d", got)
	}
}

func testTxRollsBackOnPanic(t *testing.T, s store.Store) {
	q := scratch(t, s)
	func() {
		defer func() { recover() }()
		q.InTx(context.Background(), func(tx store.Querier) error {
			put(tx, "a", 1)
			panic("half-way")
		})
	}()
	if got := sum(t, q, "a"); got != -1 {
		t.Fatalf("row of a panicked transaction is visible: %d", got)
	}
	// The store still works after the panic.
	if err := q.InTx(context.Background(), func(tx store.Querier) error { return put(tx, "b", 2) }); err != nil {
		t.Fatal(err)
	}
}

func testTxSerialisesWriters(t *testing.T, s store.Store) {
	q := scratch(t, s)
	if err := q.InTx(context.Background(), func(tx store.Querier) error { return put(tx, "n", 0) }); err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 25
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				err := q.InTx(context.Background(), func(tx store.Querier) error {
					var v int64
					if err := tx.QueryRowContext(context.Background(), `SELECT v FROM scratch WHERE k = 'n'`+forUpdate(q)).Scan(&v); err != nil {
						return err
					}
					_, err := tx.ExecContext(context.Background(), `UPDATE scratch SET v = ? WHERE k = 'n'`, v+1)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if got := sum(t, q, "n"); got != workers*each {
		t.Fatalf("counter = %d, want %d (lost updates)", got, workers*each)
	}
}

// forUpdate locks the row read on PostgreSQL; SQLite's one writer already serialises.
func forUpdate(q store.SQL) string {
	if q.Dialect() == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
