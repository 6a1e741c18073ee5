package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
)

var ctx = context.Background()

type env struct {
	sql    store.SQL
	clk    *clock.Fake
	q      *Queue
	failed *runs // the kinds Config.Failed heard
}

// drivers runs fn on SQLite and on PostgreSQL, each with a fresh database
// and a queue whose handlers fn registers before calling e.start.
func drivers(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		fn(t, newEnv(t, sqlitetest.Open(t, clk).SQL(), clk))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		fn(t, newEnv(t, pgmigrated.Open(t, clk).SQL(), clk))
	})
}

func newEnv(t *testing.T, sql store.SQL, clk *clock.Fake) *env {
	failed := &runs{}
	q, err := New(Config{SQL: sql, Clock: clk, Poll: 5 * time.Millisecond, MaxAttempts: 3, RescueAfter: FakeClockRescueAfter, Failed: failed.add})
	if err != nil {
		t.Fatal(err)
	}
	return &env{sql: sql, clk: clk, q: q, failed: failed}
}

func (e *env) start(t *testing.T) {
	t.Helper()
	if err := e.q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.q.Stop(ctx) })
}

func (e *env) insert(t *testing.T, args Args, o *Opts) {
	t.Helper()
	if err := e.sql.InTx(ctx, func(tx store.Querier) error { return e.q.Insert(ctx, tx, args, o) }); err != nil {
		t.Fatal(err)
	}
}

func (e *env) drain(t *testing.T) {
	t.Helper()
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := e.q.Drain(dctx); err != nil {
		t.Fatal(err)
	}
}

func (e *env) only(t *testing.T, kind string) *Row {
	t.Helper()
	rows, err := e.q.List(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Row
	for _, r := range rows {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d %s jobs, want 1", len(out), kind)
	}
	return out[0]
}

type sendArgs struct {
	Subject string `json:"subject"`
}

func (sendArgs) Kind() string { return "test.send" }

// runs records the arguments and attempts a handler saw.
type runs struct {
	mu  sync.Mutex
	got []string
}

func (r *runs) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, s)
}

func (r *runs) snapshot() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func (r *runs) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// A job inserted in a transaction that rolls back does not exist; a unique
// job inserted twice exists once and runs once, with its typed arguments.
func TestInsertFollowsItsTransaction(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var seen runs
		Handle(e.q, func(_ context.Context, j *Job[sendArgs]) error { seen.add(j.Args.Subject); return nil })
		e.start(t)
		boom := errors.New("boom")
		err := e.sql.InTx(ctx, func(tx store.Querier) error {
			if err := e.q.Insert(ctx, tx, sendArgs{Subject: "sub_0"}, nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		e.insert(t, sendArgs{Subject: "sub_1"}, &Opts{Unique: true})
		e.insert(t, sendArgs{Subject: "sub_1"}, &Opts{Unique: true})
		e.drain(t)
		if seen.count() != 1 || seen.got[0] != "sub_1" {
			t.Fatalf("ran %v", seen.got)
		}
		if j := e.only(t, "test.send"); j.State != rivertype.JobStateCompleted {
			t.Fatalf("state %s", j.State)
		}
		if err := e.q.Insert(ctx, e.sql.Reader(), sendArgs{}, nil); errs.Code(err) != errs.Internal {
			t.Fatalf("insert outside a transaction: %v", err)
		}
	})
}

type flakyArgs struct{}

func (flakyArgs) Kind() string { return "test.flaky" }

type refusedArgs struct{}

func (refusedArgs) Kind() string { return "test.refused" }

// A failing job is retried after its back-off (by the queue's clock), then
// discarded at the limit with only the error's code and safe message; a
// permanent error cancels it at once.
func TestRetryThenDiscarded(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var flaky, refused runs
		Handle(e.q, func(context.Context, *Job[flakyArgs]) error {
			flaky.add("")
			return errs.Wrap(errs.Unavailable, errors.New("dial 010-0000-0001"), "partner down")
		})
		Handle(e.q, func(context.Context, *Job[refusedArgs]) error {
			refused.add("")
			return Permanent(errors.New("refused"))
		})
		e.start(t)
		e.insert(t, flakyArgs{}, nil)
		e.drain(t)
		if flaky.count() != 1 {
			t.Fatalf("%d runs", flaky.count())
		}
		e.drain(t)
		if flaky.count() != 1 {
			t.Fatal("a failed job ran again before its back-off")
		}
		for range 2 {
			e.clk.Advance(time.Hour)
			e.drain(t)
		}
		j := e.only(t, "test.flaky")
		if flaky.count() != 3 || j.State != rivertype.JobStateDiscarded || len(j.Errors) != 3 || j.Errors[2].Error != "unavailable: partner down" {
			t.Fatalf("runs %d, job %s %+v", flaky.count(), j.State, j.Errors)
		}
		e.clk.Advance(24 * time.Hour)
		e.drain(t)
		if flaky.count() != 3 {
			t.Fatal("a discarded job ran")
		}
		e.insert(t, refusedArgs{}, nil)
		e.drain(t)
		if j := e.only(t, "test.refused"); refused.count() != 1 || j.State != rivertype.JobStateCancelled {
			t.Fatalf("permanent failure: %d runs, %s", refused.count(), j.State)
		}
		if got := e.failed.snapshot(); !slices.Equal(got, []string{"test.flaky", "test.flaky", "test.flaky", "test.refused"}) {
			t.Fatalf("Config.Failed heard %v, want each failed run by its kind", got)
		}
	})
}

// A job whose worker died mid-run (left running, here by hand, as kill -9
// leaves it) is rescued once it has run longer than RescueAfter (here
// years: River's rescuer measures against the wall clock) and runs again
// on the next attempt.
func TestRescueBringsBackAnAbandonedJob(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var seen runs
		Handle(e.q, func(_ context.Context, j *Job[sendArgs]) error { seen.add(j.Args.Subject); return nil })
		e.insert(t, sendArgs{Subject: "sub_1"}, nil)
		j := e.only(t, "test.send")
		err := e.sql.InTx(ctx, func(tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = ? WHERE id = ?`,
				"2000-01-01 00:00:00", j.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		e.start(t)
		deadline := time.Now().Add(20 * time.Second)
		for seen.count() == 0 && time.Now().Before(deadline) {
			e.clk.Advance(time.Minute) // past the rescued job's back-off
			e.drain(t)
			time.Sleep(20 * time.Millisecond)
		}
		if j := e.only(t, "test.send"); seen.count() != 1 || j.Attempt != 2 || j.State != rivertype.JobStateCompleted {
			t.Fatalf("after the rescue: %d runs, attempt %d, %s", seen.count(), j.Attempt, j.State)
		}
	})
}

type dayArgs struct {
	Day string `json:"day"`
}

func (dayArgs) Kind() string { return "test.day" }

// A periodic job runs at start, once per day it names however often it is
// inserted; Every does the same for a period.
func TestPeriodicRunsOncePerDay(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var days, periods runs
		Handle(e.q, func(_ context.Context, j *Job[dayArgs]) error { days.add(j.Args.Day); return nil })
		e.q.Periodic(20*time.Millisecond, func(now time.Time) Args { return dayArgs{Day: now.Format(time.DateOnly)} })
		e.q.Every("test.every", 24*time.Hour, func(_ context.Context, period time.Time) error {
			periods.add(period.Format(time.RFC3339))
			return nil
		})
		e.start(t)
		deadline := time.Now().Add(20 * time.Second)
		for (days.count() == 0 || periods.count() == 0) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond) // several more inserts of the same day
		e.drain(t)
		if days.count() != 1 || days.got[0] != "2026-11-23" {
			t.Fatalf("ran %v", days.got)
		}
		if periods.count() != 1 || periods.got[0] != "2026-11-23T00:00:00Z" {
			t.Fatalf("ran %v", periods.got)
		}
	})
}

// A discarded job is retried and a waiting one cancelled by an operator;
// an unknown ID is not found.
func TestOperatorRetryAndCancel(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		Handle(e.q, func(context.Context, *Job[sendArgs]) error { return nil })
		e.insert(t, sendArgs{Subject: "sub_1"}, &Opts{At: e.clk.Now().Add(time.Hour)})
		j := e.only(t, "test.send")
		if j.State != rivertype.JobStateScheduled {
			t.Fatalf("state %s", j.State)
		}
		if row, err := e.q.Cancel(ctx, j.ID); err != nil || row.State != rivertype.JobStateCancelled {
			t.Fatalf("cancel: %v", err)
		}
		if row, err := e.q.Retry(ctx, j.ID); err != nil || row.State != rivertype.JobStateAvailable {
			t.Fatalf("retry: %v", err)
		}
		if _, err := e.q.Retry(ctx, 999999); errs.Code(err) != errs.NotFound {
			t.Fatalf("unknown job: %v", err)
		}
		counts, err := e.q.Counts(ctx)
		if err != nil || counts[rivertype.JobStateAvailable] != 1 {
			t.Fatalf("counts %v, %v", counts, err)
		}
	})
}

type nextArgs struct {
	Step int `json:"step"`
}

func (nextArgs) Kind() string { return "test.next" }

// pollingHourly makes e's queue one whose worker polls once an hour, so
// that only a drain's own wake gets a job worked soon.
func (e *env) pollingHourly(t *testing.T) *Queue {
	t.Helper()
	q, err := New(Config{SQL: e.sql, Clock: e.clk, Poll: time.Hour, Cooldown: time.Millisecond, RescueAfter: FakeClockRescueAfter})
	if err != nil {
		t.Fatal(err)
	}
	e.q = q
	return q
}

// A drain works jobs inserted in transactions, and the jobs those insert,
// without waiting for the worker's poll (an hour here: the drain's minute
// would run out first), and leaves no job of its own behind.
func TestDrainDoesNotWaitForThePoll(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		q := e.pollingHourly(t)
		var seen runs
		Handle(q, func(ctx context.Context, j *Job[nextArgs]) error {
			seen.add(fmt.Sprint(j.Args.Step))
			if j.Args.Step == 3 {
				return nil
			}
			return e.sql.InTx(ctx, func(tx store.Querier) error { return q.Insert(ctx, tx, nextArgs{Step: j.Args.Step + 1}, nil) })
		})
		e.start(t)
		for round := range 2 {
			e.insert(t, nextArgs{Step: 1}, nil)
			dctx, cancel := context.WithTimeout(ctx, time.Minute)
			err := q.Drain(dctx)
			cancel()
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if got := seen.snapshot(); !slices.Equal(got, []string{"1", "2", "3", "1", "2", "3"}) {
			t.Fatalf("ran %v", got)
		}
		rows, err := q.List(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Kind != "test.next" || r.State != rivertype.JobStateCompleted {
				t.Fatalf("left %s in state %s", r.Kind, r.State)
			}
		}
		if len(rows) != 6 {
			t.Fatalf("%d jobs, want 6", len(rows))
		}
	})
}

// Making a queue logs nothing at the info level: River's notice that it
// polls (its SQLite driver in poll mode) is dropped; its warnings are not.
func TestNewLogsNoPollNotice(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var out bytes.Buffer
		log := slog.New(slog.NewTextHandler(&out, nil))
		if _, err := New(Config{SQL: e.sql, Clock: e.clk, Log: log}); err != nil {
			t.Fatal(err)
		}
		if out.Len() != 0 {
			t.Fatalf("logged %q", out.String())
		}
		slog.New(chosenPollMode{log.Handler()}).Warn("a warning")
		if !strings.Contains(out.String(), "a warning") {
			t.Fatalf("logged %q", out.String())
		}
	})
}

// DrainHandled waits for a handler to return instead of polling the queue
// while it runs: a job that takes half a second is looked for a few times
// (every handledCheck at most), not every drainCheck (about a hundred).
func TestDrainHandledWaitsForTheHandler(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		q := e.pollingHourly(t)
		release := make(chan struct{})
		var seen runs
		Handle(q, func(ctx context.Context, j *Job[nextArgs]) error {
			<-release
			seen.add(fmt.Sprint(j.Args.Step))
			return nil
		})
		e.start(t)
		e.insert(t, nextArgs{Step: 1}, nil)
		go func() {
			time.Sleep(500 * time.Millisecond) // the handler's work
			close(release)
		}()
		dctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := q.DrainHandled(dctx); err != nil {
			t.Fatal(err)
		}
		if got := seen.snapshot(); !slices.Equal(got, []string{"1"}) {
			t.Fatalf("ran %v", got)
		}
		q.mu.Lock()
		checks := q.checks
		q.mu.Unlock()
		if limit := int(500*time.Millisecond/handledCheck) + 4; checks > limit {
			t.Fatalf("the drain looked %d times in the handler's half second, want at most %d", checks, limit)
		}
	})
}
