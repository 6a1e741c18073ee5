package pointsvc

import (
	"context"
	"encoding/json"
	"time"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/jobs"
	"jikimi/store"
)

// Job kinds of the scheduled runs; the key is the day (or the week's
// Monday), so that enqueueing them again and again runs each once.
const (
	JobDaily  = "points.daily"
	JobWeekly = "points.weekly"
)

// RunLease is how long a scheduled run may take before another worker may
// take it over: well above the 10 minutes of a 2,000,000-participant day,
// and harmless if passed, since the runs are idempotent.
const RunLease = time.Hour

// HandleRuns registers the scheduled runs on q (a queue whose lease is
// RunLease).
func (s *Service) HandleRuns(q *jobs.Queue) {
	q.Handle(JobDaily, func(ctx context.Context, j jobs.Job) error {
		d, err := measure.ParseDate(j.Key)
		if err != nil {
			return jobs.Permanent(err)
		}
		_, err = s.RunDay(ctx, d)
		return err
	})
	q.Handle(JobWeekly, func(ctx context.Context, j jobs.Job) error {
		d, err := measure.ParseDate(j.Key)
		if err != nil {
			return jobs.Permanent(err)
		}
		_, err = s.RunWeek(ctx, d)
		return err
	})
}

// Schedule enqueues the run of yesterday (Seoul) and, from Monday, the
// weekly bonus of last week after it. Call it as often as you like.
func (s *Service) Schedule(ctx context.Context) error {
	now := s.cfg.Clock.Now()
	yesterday := measure.DateOf(now).AddDays(-1)
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := jobs.Enqueue(ctx, tx, now, now, JobDaily, yesterday.String(), json.RawMessage(`{}`)); err != nil {
			return err
		}
		// The week's Sunday is run as yesterday on Monday; the bonus follows it.
		return jobs.Enqueue(ctx, tx, now, now.Add(time.Minute), JobWeekly, points.LastWeek(now).String(), json.RawMessage(`{}`))
	})
	return asInternal(err, "points: scheduling the runs")
}
