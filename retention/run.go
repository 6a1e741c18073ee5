package retention

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// Result is what one run did.
type Result struct {
	Day         string
	Rescheduled int    // records re-dated under a policy version newly in force
	Planned     []Plan // plans this run built
	Escalated   []Plan // plans this run escalated: not approved by their deadline
	Executed    []Plan // plans this run carried out
	Awaiting    []Plan // plans waiting for the officer's approval, escalated or not
	// PrunedLogEntries is how many access-log entries past their declared
	// retention this run deleted (Config.AccessLog).
	PrunedLogEntries int64
}

// Run is the daily destruction run for day (UTC; at most today; the zero
// time is today by the clock). For every
// service it applies a policy version newly in force to the stored due
// dates, builds the day's plan of everything due by the end of the day (or
// now, if sooner) once per day, prunes the access log past its declared
// retention, escalates plans whose approval is late, and
// carries out approved plans, resuming any an interruption left. Running it
// again, for the same day or after a crash, finishes what is left and
// repeats nothing.
func (r *Runner) Run(ctx context.Context, day time.Time) (*Result, error) {
	now := r.now()
	if day.IsZero() {
		day = now
	}
	d := Day(day)
	if d > Day(now) {
		return nil, errs.E(errs.Invalid, "retention: a run for %s, which has not begun", d)
	}
	res := &Result{Day: d}
	if err := r.planDay(ctx, res, d, cutoff(day, now)); err != nil {
		return res, err
	}
	if err := r.pruneAccessLog(ctx, res); err != nil {
		return res, err
	}
	return res, r.settle(ctx, res)
}

// planDay re-dates and plans every service once per day.
func (r *Runner) planDay(ctx context.Context, res *Result, day string, cut time.Time) error {
	finished, err := r.startRun(ctx, day)
	if err != nil {
		return err
	}
	for _, svc := range r.cfg.Policies.Services() {
		p, ok := r.cfg.Policies.Current(svc, r.now())
		if !ok {
			continue
		}
		n, err := r.applyVersion(ctx, p)
		res.Rescheduled += n
		if err != nil {
			return err
		}
		if finished {
			continue
		}
		plans, err := r.buildPlan(ctx, p, day, cut)
		res.Planned = append(res.Planned, plans...)
		if err != nil {
			return err
		}
	}
	if finished {
		return nil
	}
	return r.finishRun(ctx, day)
}

// settle escalates late plans, carries out approved ones and lists those
// waiting.
func (r *Runner) settle(ctx context.Context, res *Result) error {
	var err error
	if res.Escalated, err = r.escalate(ctx); err != nil {
		return err
	}
	if res.Executed, err = r.executeReady(ctx); err != nil {
		return err
	}
	res.Awaiting, err = r.Plans(ctx, StatePending, StateEscalated)
	return err
}

// cutoff is the end of day, or now if the day is today.
func cutoff(day, now time.Time) time.Time {
	end := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	if now.Before(end) {
		return now
	}
	return end
}

// startRun records the day's run as started, and reports whether an earlier
// run of the day already finished planning.
func (r *Runner) startRun(ctx context.Context, day string) (bool, error) {
	var finished sql.NullInt64
	err := r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO retention_runs (day, started_at) VALUES (?, ?) ON CONFLICT (day) DO NOTHING`,
			day, r.now().UnixMicro()); err != nil {
			return errs.Wrap(errs.Internal, err, "retention: start run")
		}
		return errs.WrapIf(tx.QueryRowContext(ctx, `SELECT finished_at FROM retention_runs WHERE day = ?`, day).Scan(&finished), "retention: read run")
	})
	return finished.Valid, err
}

func (r *Runner) finishRun(ctx context.Context, day string) error {
	return r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE retention_runs SET finished_at = ? WHERE day = ?`, r.now().UnixMicro(), day)
		return errs.WrapIf(err, "retention: finish run")
	})
}

// applyVersion re-dates the stored records when the policy version in force
// is not the one they were last dated under, then records it.
func (r *Runner) applyVersion(ctx context.Context, p *policy.Policy) (int, error) {
	var applied string
	err := r.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT version FROM retention_versions WHERE service = ?`, p.Service).Scan(&applied)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, errs.Wrap(errs.Internal, err, "retention: read applied version")
	}
	if applied == p.Version {
		return 0, nil
	}
	n, err := r.cfg.Vault.Reschedule(ctx, p.Service, r.cfg.Chunk)
	if err != nil {
		return n, err
	}
	r.log.Info("retention: policy version applied to stored due dates", "service", p.Service, "version", p.Version, "redated", n)
	return n, r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO retention_versions (service, version, applied_at) VALUES (?, ?, ?)
			ON CONFLICT (service) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`, p.Service, p.Version, r.now().UnixMicro())
		return errs.WrapIf(err, "retention: record applied version")
	})
}
