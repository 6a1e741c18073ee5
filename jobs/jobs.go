package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
)

// Args are a job's typed arguments: a struct of opaque IDs with a Kind.
type Args = river.JobArgs

// Job is one run of a job, with its decoded arguments and its Attempt (1 on
// the first run).
type Job[A Args] = river.Job[A]

// Permanent marks err as one no retry can fix: the job is cancelled at once.
func Permanent(err error) error { return river.JobCancel(err) }

// Defaults of Config.
const (
	DefaultMaxAttempts = 10
	DefaultPoll        = time.Second
	DefaultTimeout     = 15 * time.Minute
	DefaultRescueAfter = time.Hour
	KeepCompleted      = 31 * 24 * time.Hour
	// FakeClockRescueAfter is RescueAfter for a queue on a fake clock
	// (tests, the simulator): River's rescuer measures a running job
	// against the wall clock, from which a fake clock may stand years.
	FakeClockRescueAfter = 5 * 365 * 24 * time.Hour
)

// Config configures a queue; zero values take the defaults.
type Config struct {
	SQL   store.SQL
	Clock clock.Clock  // River's time: scheduling, back-off and rescue follow it
	Log   *slog.Logger // River's own log; nil: none
	// Poll is how often a worker looks for due jobs (both drivers run River
	// in poll mode: it shares the store's database/sql pool). Drain does not
	// wait for it: it wakes the worker itself.
	Poll time.Duration
	// Cooldown is the shortest time between two looks (River's
	// FetchCooldown): default the shorter of Poll and 100 ms. A queue that
	// is only drained (the simulator) sets it short and Poll long.
	Cooldown    time.Duration
	MaxAttempts int           // runs before a job is discarded: default 10
	Timeout     time.Duration // longest run of one job: default 15 minutes
	RescueAfter time.Duration // a job running this long is taken as dead and run again: default 1 hour
	Workers     int           // jobs at once: default 4 (SQLite has one writer anyway)
	// Failed, when set, hears the kind of each job whose run failed (it
	// will be retried, or was given up): for an operator's metrics.
	Failed func(kind string)
}

// Queue inserts and works jobs.
type Queue struct {
	client  *river.Client[*sql.Tx]
	workers *river.Workers
	sql     store.SQL
	clk     clock.Clock
	poll    time.Duration
	started bool
	failed  func(kind string)
	waking  bool // the wake handler is registered (with the first Handle)

	mu       sync.Mutex
	returned map[int64]bool // jobs whose handler returned, until River records it (for Drain)
	// back has a value when a handler returned since DrainHandled last
	// looked: it waits on this instead of polling.
	back   chan struct{}
	checks int // how often a drain looked at the queue (for tests)
}

// New returns a queue on cfg.SQL's database, River's driver chosen by its
// dialect. River's tables come with the store's migrations.
func New(cfg Config) (*Queue, error) {
	if cfg.SQL == nil || cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "jobs: SQL and a clock are required")
	}
	q := &Queue{workers: river.NewWorkers(), sql: cfg.SQL, clk: cfg.Clock, poll: orDefault(cfg.Poll, DefaultPoll), returned: map[int64]bool{}, failed: cfg.Failed,
		back: make(chan struct{}, 1)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if cfg.Log != nil {
		log = slog.New(chosenPollMode{cfg.Log.Handler()})
	}
	timeout := orDefault(cfg.Timeout, DefaultTimeout)
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	keepCompleted, keepCancelled, keepDiscarded := KeepCompleted, time.Duration(0), time.Duration(0) // River's defaults for the last two
	if _, wall := cfg.Clock.(clock.System); !wall {
		// River's cleaner measures finished jobs' age against the wall
		// clock, from which a fake clock (tests, the simulator) may stand
		// weeks or years: it would delete the jobs such a queue just
		// finished. Keep them all.
		keepCompleted, keepCancelled, keepDiscarded = -1, -1, -1
	}
	client, err := river.NewClient(driver(cfg.SQL), &river.Config{
		Logger:            log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           q.workers,
		MaxAttempts:       cfg.MaxAttempts,
		FetchPollInterval: q.poll,
		FetchCooldown:     min(orDefault(cfg.Cooldown, 100*time.Millisecond), q.poll),
		JobTimeout:        timeout,
		// A unique job blocks its twin while it waits, runs or is kept
		// completed: a month, so that a newsletter published again or a
		// day's run inserted late finds the first.
		CompletedJobRetentionPeriod: keepCompleted,
		CancelledJobRetentionPeriod: keepCancelled,
		DiscardedJobRetentionPeriod: keepDiscarded,
		RescueStuckJobsAfter:        max(orDefault(cfg.RescueAfter, DefaultRescueAfter), timeout),
		Test:                        river.TestConfig{Time: riverTime{cfg.Clock}},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = client
	return q, nil
}

func driver(s store.SQL) riverdriver.Driver[*sql.Tx] {
	if s.Dialect() == store.SQLite {
		return pollSQLite{riversqlite.New(s.DB())}
	}
	return riverdatabasesql.New(s.DB())
}

// pollSQLite is River's SQLite driver in poll mode, as River runs on
// database/sql's PostgreSQL driver. Its listener is a table River polls
// every 50 ms on the store's one writer connection; only this process
// writes to an SQLite file, so it has no one else to hear from, and
// without it an insert made outside a transaction wakes the worker at once
// (which Drain uses), where the listener's notices are limited to one per
// Cooldown of the queue's clock: a fake clock that stands still would
// silence them.
type pollSQLite struct{ *riversqlite.Driver }

func (pollSQLite) SupportsListener() bool { return false }

// chosenPollMode drops River's notice that its driver has no listener,
// which it gives whenever a queue is made (every command that opens the
// system): the poll mode is chosen, not a fault.
type chosenPollMode struct{ slog.Handler }

func (h chosenPollMode) Handle(ctx context.Context, r slog.Record) error {
	if r.Level <= slog.LevelInfo && strings.Contains(r.Message, "support listener") {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h chosenPollMode) WithAttrs(as []slog.Attr) slog.Handler {
	return chosenPollMode{h.Handler.WithAttrs(as)}
}

func (h chosenPollMode) WithGroup(name string) slog.Handler {
	return chosenPollMode{h.Handler.WithGroup(name)}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// riverTime is River's clock: ours.
type riverTime struct{ clk clock.Clock }

func (t riverTime) Now() time.Time { return t.clk.Now() }

func (t riverTime) NowOrNil() *time.Time {
	now := t.clk.Now().UTC()
	return &now
}

// Handle registers the handler of one kind of job; call it before Start.
// A handler's error is cut to its code and safe message before River
// records it.
func Handle[A Args](q *Queue, fn func(ctx context.Context, j *Job[A]) error) {
	if !q.waking {
		q.waking = true
		Handle(q, func(context.Context, *Job[wakeArgs]) error { return nil })
	}
	river.AddWorker(q.workers, river.WorkFunc(func(ctx context.Context, j *Job[A]) error {
		defer q.finished(j.ID)
		err := fn(ctx, j)
		if err != nil && q.failed != nil {
			q.failed(j.Kind)
		}
		return q.safe(err)
	}))
}

// finished notes that a job's handler returned: River records the outcome
// a little later, in batches.
func (q *Queue) finished(id int64) {
	q.mu.Lock()
	q.returned[id] = true
	q.mu.Unlock()
	select {
	case q.back <- struct{}{}:
	default: // a drain will look anyway
	}
}

// safe cuts a handler's error to what River may record, keeping a
// Permanent one permanent.
func (q *Queue) safe(err error) error {
	if err == nil {
		return nil
	}
	safe := errors.New(safeError(err))
	var cancel *river.JobCancelError
	if errors.As(err, &cancel) {
		return river.JobCancel(safe)
	}
	return safe
}

// Opts are the options of one insert.
type Opts struct {
	At     time.Time // run from then; zero: now
	Unique bool      // at most one job of the kind with the same arguments waits, runs or completed (for a day)
}

// Insert adds a job in tx, a transaction of the queue's store.SQL.InTx:
// the job exists exactly when the transaction commits.
func (q *Queue) Insert(ctx context.Context, tx store.Querier, args Args, o *Opts) error {
	t, ok := store.Tx(tx)
	if !ok {
		return errs.E(errs.Internal, "jobs: Insert needs a transaction from store.SQL.InTx")
	}
	_, err := q.client.InsertTx(ctx, t, args, o.river())
	return errs.WrapIf(err, "jobs: insert a %s job", args.Kind())
}

func (o *Opts) river() *river.InsertOpts {
	if o == nil {
		return nil
	}
	ro := &river.InsertOpts{ScheduledAt: o.At}
	if o.Unique {
		ro.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	return ro
}

// Periodic inserts the job args returns at Start and then every interval,
// unique by its arguments: daily work keyed by its day runs once a day
// however often it is inserted, and a day missed while the server was down
// is caught up when args still returns it.
func (q *Queue) Periodic(every time.Duration, args func(now time.Time) Args) {
	q.client.PeriodicJobs().Add(river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return args(q.clk.Now()), &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
		}, &river.PeriodicJobOpts{RunOnStart: true}))
}

// Start works jobs until Stop or until ctx ends. A queue with no handler
// has nothing to work and does not start.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	q.started = true
	return nil
}

// Started says whether Start was called.
func (q *Queue) Started() bool { return q.started }

// Stop lets the running jobs finish (until ctx ends) and stops working.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.started {
		return nil
	}
	return q.client.Stop(ctx)
}

// safeError keeps an error's code and user-safe message: errors of this
// system never carry personal data, and this cuts them short besides.
func safeError(err error) string {
	msg := err.Error()
	var e *errs.Error
	if errors.As(err, &e) {
		msg = e.Code + ": " + e.Message
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

// States of a job, as an operator sees them.
var States = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRunning, rivertype.JobStateRetryable,
	rivertype.JobStateCompleted, rivertype.JobStateDiscarded, rivertype.JobStateCancelled,
}
