package pointsvc

import (
	"context"
	"time"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/jobs"
	"jikimi/store"
)

// Job kinds of the scheduled runs; their argument is the day (or the
// week's Monday), unique, so that inserting them again and again runs each
// once.
const (
	JobDaily  = "points.daily"
	JobWeekly = "points.weekly"
)

// DailyArgs are the arguments of the run of one day.
type DailyArgs struct {
	Day string `json:"day"`
}

// Kind is JobDaily.
func (DailyArgs) Kind() string { return JobDaily }

// WeeklyArgs are the arguments of the weekly bonus of the week from Day, a Monday.
type WeeklyArgs struct {
	Day string `json:"day"`
}

// Kind is JobWeekly.
func (WeeklyArgs) Kind() string { return JobWeekly }

// HandleRuns registers the scheduled runs on q.
func (s *Service) HandleRuns(q *jobs.Queue) {
	jobs.Handle(q, func(ctx context.Context, j *jobs.Job[DailyArgs]) error {
		d, err := measure.ParseDate(j.Args.Day)
		if err != nil {
			return jobs.Permanent(err)
		}
		_, err = s.RunDay(ctx, d)
		return err
	})
	jobs.Handle(q, func(ctx context.Context, j *jobs.Job[WeeklyArgs]) error {
		d, err := measure.ParseDate(j.Args.Day)
		if err != nil {
			return jobs.Permanent(err)
		}
		_, err = s.RunWeek(ctx, d)
		return err
	})
}

// Schedule inserts the run of yesterday (Seoul) and, from Monday, the
// weekly bonus of last week after it. Call it as often as you like.
func (s *Service) Schedule(ctx context.Context) error {
	now := s.cfg.Clock.Now()
	yesterday := measure.DateOf(now).AddDays(-1)
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := s.cfg.Jobs.Insert(ctx, tx, DailyArgs{Day: yesterday.String()}, &jobs.Opts{Unique: true}); err != nil {
			return err
		}
		// The week's Sunday is run as yesterday on Monday; the bonus follows it.
		week := WeeklyArgs{Day: points.LastWeek(now).String()}
		return s.cfg.Jobs.Insert(ctx, tx, week, &jobs.Opts{Unique: true, At: now.Add(time.Minute)})
	})
	return asInternal(err, "points: scheduling the runs")
}
