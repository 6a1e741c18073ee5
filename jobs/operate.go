package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"jikimi/errs"
	"jikimi/store"
)

// Row is a job as an operator sees it: never its arguments' values beyond
// their opaque IDs, and errors already cut to code and safe message.
type Row = rivertype.JobRow

// List returns up to limit jobs in the given states (all when none),
// newest first.
func (q *Queue) List(ctx context.Context, limit int, states ...rivertype.JobState) ([]*Row, error) {
	p := river.NewJobListParams().First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if len(states) > 0 {
		p = p.States(states...)
	}
	res, err := q.client.JobList(ctx, p)
	if err != nil {
		return nil, errs.WrapIf(err, "jobs: list")
	}
	return res.Jobs, nil
}

// Retry makes a job that failed, was discarded or cancelled (or waits for
// its back-off) available to run now.
func (q *Queue) Retry(ctx context.Context, id int64) (*Row, error) {
	row, err := q.client.JobRetry(ctx, id)
	return row, notFound(err, id)
}

// Cancel cancels a job that has not finished; a running one stops at its
// handler's next check of its context.
func (q *Queue) Cancel(ctx context.Context, id int64) (*Row, error) {
	row, err := q.client.JobCancel(ctx, id)
	return row, notFound(err, id)
}

func notFound(err error, id int64) error {
	if errors.Is(err, rivertype.ErrNotFound) {
		return errs.E(errs.NotFound, "no job %d", id)
	}
	return errs.WrapIf(err, "jobs: job %d", id)
}

// Counts are how many jobs are in each state, for metrics.
func (q *Queue) Counts(ctx context.Context) (map[rivertype.JobState]int, error) {
	out := map[rivertype.JobState]int{}
	err := store.Each(ctx, q.sql.Reader(), "jobs: count", func(s store.Scanner) error {
		var state string
		var n int
		if err := s.Scan(&state, &n); err != nil {
			return err
		}
		out[rivertype.JobState(state)] = n
		return nil
	}, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Drain works every job that is due by the queue's clock and returns when
// none is left and River has recorded every outcome: for tests, whose
// clocks jump. A job waiting for its back-off whose time has come (by that
// clock) is made available first. The queue must be started.
func (q *Queue) Drain(ctx context.Context) error { return q.drain(ctx, true) }

// DrainHandled is Drain without waiting for River to record the outcomes
// (it does so in batches, every 50 ms): it returns once every due job's
// handler has returned, and a failed job's retry is found by the next
// drain. For the simulator, which drains twice a simulated day.
func (q *Queue) DrainHandled(ctx context.Context) error { return q.drain(ctx, false) }

func (q *Queue) drain(ctx context.Context, recorded bool) error {
	if !q.started {
		return errs.E(errs.Internal, "jobs: Drain needs a started queue")
	}
	woke := false
	for {
		st, err := q.due(ctx, recorded)
		if err != nil {
			return err
		}
		if !st.busy {
			return q.forgetWakes(ctx, woke)
		}
		if st.idle {
			// Jobs inserted in a transaction wake no worker in poll mode:
			// one inserted outside any does, instead of the next poll.
			if _, err := q.client.Insert(ctx, wakeArgs{}, nil); err != nil {
				return errs.WrapIf(err, "jobs: wake the worker")
			}
			woke = true
		}
		if err := q.await(ctx, recorded); err != nil {
			return err
		}
	}
}

// await waits until a drain should look at the queue again. Drain polls
// every drainCheck: River records outcomes on its own schedule. A drain
// that needs only the handlers' return (DrainHandled) waits for one to
// return, the only step that can end what it waits for (River's worker
// takes an available job and runs it), looking every handledCheck all the
// same. So a simulated day's drains look at the queue about as often as
// jobs finish, not every few milliseconds while they run.
func (q *Queue) await(ctx context.Context, recorded bool) error {
	wait, back := min(q.poll, drainCheck), q.back
	if recorded {
		back = nil
	} else {
		wait = min(q.poll, handledCheck)
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-back:
	case <-t.C:
	}
	return nil
}

// drainCheck is how often Drain looks whether work is left; handledCheck
// how often DrainHandled does when no handler returns meanwhile.
const (
	drainCheck   = 5 * time.Millisecond
	handledCheck = 100 * time.Millisecond
)

// wakeArgs is the job that does nothing, which a drain inserts to wake the
// worker.
type wakeArgs struct{}

const wakeKind = "jobs.wake"

func (wakeArgs) Kind() string { return wakeKind }

// forgetWakes deletes the wake jobs River has recorded as done: they are
// no one's work.
func (q *Queue) forgetWakes(ctx context.Context, woke bool) error {
	if !woke {
		return nil
	}
	_, err := q.client.JobDeleteMany(ctx, river.NewJobDeleteManyParams().Kinds(wakeKind).States(rivertype.JobStateCompleted))
	return errs.WrapIf(err, "jobs: forget the wake jobs")
}

// drainState is what a drain sees: busy, some job is running or available
// and due; idle, one of them waits for a worker that no wake job is on its
// way to.
type drainState struct{ busy, idle bool }

// due makes waiting jobs whose time has come available and says whether
// any job is running or available and due.
func (q *Queue) due(ctx context.Context, recorded bool) (drainState, error) {
	q.mu.Lock()
	q.checks++
	q.mu.Unlock()
	now := q.clk.Now()
	waiting, err := q.List(ctx, 1000, rivertype.JobStateRetryable, rivertype.JobStateScheduled)
	if err != nil {
		return drainState{}, err
	}
	for _, j := range waiting {
		if !j.ScheduledAt.After(now) {
			if _, err := q.Retry(ctx, j.ID); err != nil {
				return drainState{}, err
			}
		}
	}
	busy, err := q.List(ctx, 1000, rivertype.JobStateAvailable, rivertype.JobStateRunning)
	if err != nil {
		return drainState{}, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	running := map[int64]bool{}
	var st drainState
	waking := false
	for _, j := range busy {
		switch {
		case j.State == rivertype.JobStateRunning:
			// Running until River records what its returned handler did.
			running[j.ID] = true
			st.busy = st.busy || recorded || !q.returned[j.ID]
		case !j.ScheduledAt.After(now):
			// River makes a job whose back-off is shorter than its
			// scheduler's interval available at once, due at its end.
			st.busy, st.idle = true, true
			waking = waking || j.Kind == wakeKind
		}
	}
	st.idle = st.idle && !waking
	for id := range q.returned {
		if !running[id] {
			delete(q.returned, id)
		}
	}
	return st, nil
}

// GaveUp says whether a job will not run again unless an operator
// retries it: discarded after its last attempt, or cancelled.
func GaveUp(j *Row) bool {
	return j.State == rivertype.JobStateDiscarded || j.State == rivertype.JobStateCancelled
}

// Find returns the newest job with the kind and arguments of args.
func (q *Queue) Find(ctx context.Context, args Args) (*Row, error) {
	want, err := decoded(args)
	if err != nil {
		return nil, err
	}
	res, err := q.client.JobList(ctx, river.NewJobListParams().Kinds(args.Kind()).First(1000).OrderBy(river.JobListOrderByID, river.SortOrderDesc))
	if err != nil {
		return nil, errs.WrapIf(err, "jobs: find a %s job", args.Kind())
	}
	for _, j := range res.Jobs {
		var got any
		if json.Unmarshal(j.EncodedArgs, &got) == nil && reflect.DeepEqual(got, want) {
			return j, nil
		}
	}
	return nil, errs.E(errs.NotFound, "no such %s job", args.Kind())
}

func decoded(args Args) (any, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return nil, errs.WrapIf(err, "jobs: encode %s arguments", args.Kind())
	}
	var v any
	return v, errs.WrapIf(json.Unmarshal(b, &v), "jobs: decode %s arguments", args.Kind())
}
