package retention

import (
	"context"
	"time"

	"jikimi/audit"
	"jikimi/policy"
)

// AccessLog is the access log as the daily run keeps it (*audit.Log).
type AccessLog interface {
	Prune(ctx context.Context, before time.Time) (int64, error)
	IndexSubjects(ctx context.Context) error
}

// pruneAccessLog deletes the access-log entries older than the longest
// access_log.retention any service in force declares, and never younger
// than audit.RetentionYears. Prune keeps an anchor, so the rest still
// verifies against every checkpoint, witnessed ones included. It then
// brings the log's subject index up to date, so a person's access answer
// reads at most a day of entries past it.
func (r *Runner) pruneAccessLog(ctx context.Context, res *Result) error {
	if r.cfg.AccessLog == nil {
		return nil
	}
	now := r.now()
	before := now.AddDate(-audit.RetentionYears, 0, 0)
	for _, svc := range r.cfg.Policies.Services() {
		if p, ok := r.cfg.Policies.Current(svc, now); ok && !p.AccessLog.Retention.IsZero() {
			kept := p.AccessLog.Retention
			before = minTime(before, policy.Period{N: -kept.N, Unit: kept.Unit}.AddTo(now))
		}
	}
	n, err := r.cfg.AccessLog.Prune(ctx, before)
	res.PrunedLogEntries = n
	if err != nil {
		return err
	}
	return r.cfg.AccessLog.IndexSubjects(ctx)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
