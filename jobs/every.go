package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// periodArgs are the arguments of a job Every inserts: the start of its
// period. The kind is the one Every was given (River takes it from the
// value at insert and registration; it is not stored in the arguments).
type periodArgs struct {
	kind   string
	Period time.Time `json:"period"`
}

func (p periodArgs) Kind() string { return p.kind }

// Every runs fn once per period of length every, as jobs of the given kind:
// periods are counted from the Unix epoch in UTC (a day runs from 00:00
// UTC, 09:00 in Seoul), the current one is inserted at Start and the
// queue looks again at least hourly, and uniqueness by period makes
// restarts, several servers and a missed tick harmless. fn gets the
// period's start; a failure is retried with back-off like any job. Call it
// before Start.
func (q *Queue) Every(kind string, every time.Duration, fn func(ctx context.Context, period time.Time) error) {
	river.AddWorkerArgs(q.workers, periodArgs{kind: kind}, river.WorkFunc(func(ctx context.Context, j *Job[periodArgs]) error {
		defer q.finished(j.ID)
		return q.safe(fn(ctx, j.Args.Period))
	}))
	q.Periodic(min(every, time.Hour), func(now time.Time) Args {
		return periodArgs{kind: kind, Period: now.UTC().Truncate(every)}
	})
}
