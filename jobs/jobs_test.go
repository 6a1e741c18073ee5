package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/postgres/pgtest"
	"jikimi/store/sqlite"
)

var ctx = context.Background()

type env struct {
	sql store.SQL
	clk *clock.Fake
	q   *Queue
}

func drivers(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		st, err := sqlite.Open(ctx, sqlite.Config{Path: filepath.Join(t.TempDir(), "j.db"), Clock: clk, Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, newEnv(st.SQL(), clk))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		dsn := pgtest.NewDatabase(t)
		clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		st, err := postgres.Open(ctx, postgres.Config{DSN: dsn, Clock: clk, Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, newEnv(st.SQL(), clk))
	})
}

func newEnv(sql store.SQL, clk *clock.Fake) *env {
	return &env{sql: sql, clk: clk, q: New(Config{SQL: sql, Clock: clk, Lease: time.Minute, MaxAttempts: 3, Backoff: time.Second})}
}

func (e *env) enqueue(t *testing.T, kind, key string) {
	t.Helper()
	if err := e.sql.InTx(ctx, func(tx store.Querier) error {
		return Enqueue(ctx, tx, e.clk.Now(), e.clk.Now(), kind, key, map[string]string{"subject": "sub_1"})
	}); err != nil {
		t.Fatal(err)
	}
}

func (e *env) state(t *testing.T, kind, key string) State {
	t.Helper()
	s, err := e.q.Get(ctx, kind, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) runDue(t *testing.T) int {
	t.Helper()
	n, err := e.q.RunDue(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A job enqueued in a transaction that rolls back does not exist; one
// enqueued twice exists once and runs once.
func TestEnqueueFollowsItsTransaction(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		boom := errors.New("boom")
		err := e.sql.InTx(ctx, func(tx store.Querier) error {
			if err := Enqueue(ctx, tx, e.clk.Now(), e.clk.Now(), "send", "k1", nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, err := e.q.Get(ctx, "send", "k1"); errs.Code(err) != errs.NotFound {
			t.Fatalf("a rolled-back job exists: %v", err)
		}
		var runs []Job
		e.q.Handle("send", func(_ context.Context, j Job) error { runs = append(runs, j); return nil })
		e.enqueue(t, "send", "k2")
		e.enqueue(t, "send", "k2")
		if n := e.runDue(t); n != 1 || len(runs) != 1 || string(runs[0].Payload) != `{"subject":"sub_1"}` || runs[0].Attempt != 1 {
			t.Fatalf("ran %d: %+v", n, runs)
		}
		if !e.state(t, "send", "k2").Done || e.runDue(t) != 0 {
			t.Fatal("a done job is not done, or runs again")
		}
	})
}

// A failing job is retried after its backoff, then dies at the limit; a
// permanent error kills it at once.
func TestRetryThenDead(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		runs := 0
		e.q.Handle("flaky", func(context.Context, Job) error { runs++; return errs.E(errs.Unavailable, "partner down") })
		e.enqueue(t, "flaky", "k")
		e.runDue(t)
		if e.runDue(t) != 0 {
			t.Fatal("a failed job ran again before its backoff")
		}
		e.clk.Advance(time.Second)
		e.runDue(t)
		e.clk.Advance(2 * time.Second)
		e.runDue(t)
		s := e.state(t, "flaky", "k")
		if runs != 3 || !s.Dead || s.Attempts != 3 || s.LastError != "unavailable: partner down" {
			t.Fatalf("runs %d state %+v", runs, s)
		}
		e.clk.Advance(time.Hour)
		if e.runDue(t) != 0 {
			t.Fatal("a dead job ran")
		}
		e.q.Handle("refused", func(context.Context, Job) error { return Permanent(errors.New("refused")) })
		e.enqueue(t, "refused", "k")
		e.runDue(t)
		if s := e.state(t, "refused", "k"); !s.Dead || s.Attempts != 1 {
			t.Fatalf("permanent failure: %+v", s)
		}
	})
}

// A worker that dies holding a job (here: its context ends mid-run) leaves
// it claimed; when the lease runs out, the next worker runs it again.
func TestLeaseBringsBackAnAbandonedJob(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		dying, cancel := context.WithCancel(ctx)
		e.q.Handle("send", func(context.Context, Job) error { cancel(); return nil })
		e.enqueue(t, "send", "k")
		if _, err := e.q.RunDue(dying, 10); !errors.Is(err, context.Canceled) {
			t.Fatalf("dying worker: %v", err)
		}
		var attempt int
		e.q.Handle("send", func(_ context.Context, j Job) error { attempt = j.Attempt; return nil })
		if e.runDue(t) != 0 {
			t.Fatal("a leased job was claimed twice")
		}
		e.clk.Advance(time.Minute)
		if e.runDue(t) != 1 || attempt != 2 || !e.state(t, "send", "k").Done {
			t.Fatalf("after the lease: attempt %d", attempt)
		}
	})
}

func TestEnqueueNeedsKindAndKey(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		err := e.sql.InTx(ctx, func(tx store.Querier) error {
			return Enqueue(ctx, tx, e.clk.Now(), e.clk.Now(), "send", "", nil)
		})
		if errs.Code(err) != errs.Invalid {
			t.Fatalf("empty key: %v", err)
		}
	})
}
