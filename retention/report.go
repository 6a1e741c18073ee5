package retention

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"jikimi/store"
)

// Destruction is the record of one destroyed (or separated) record: what
// kind of data it was, under which rule, when it was due and destroyed, how,
// in which plan and on whose approval. Never its content.
type Destruction struct {
	Record, Step, Service, Subject, Purpose, Rule string
	Items                                         []string // item IDs (schema names)
	Due, At                                       time.Time
	Method                                        string
	KeyDestroyed                                  bool
	Plan, Approver                                string // Approver "" when the policy asks no approval
}

// Report calls fn with every destruction record whose destruction date
// falls in [from, to), in the order they were destroyed; zero times leave
// that end open.
func (r *Runner) Report(ctx context.Context, from, to time.Time, fn func(Destruction) error) error {
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = from.UnixMicro()
	}
	if !to.IsZero() {
		hi = to.UnixMicro()
	}
	return store.Each(ctx, r.cfg.SQL.Reader(), "retention: read destruction records", func(s store.Scanner) error {
		var d Destruction
		var items string
		var due, destroyed int64
		var key int
		if err := s.Scan(&d.Record, &d.Step, &d.Service, &d.Subject, &d.Purpose, &d.Rule, &items, &due, &destroyed, &d.Method, &key, &d.Plan, &d.Approver); err != nil {
			return err
		}
		d.Items, d.Due, d.At, d.KeyDestroyed = strings.Split(items, ","), at(due), at(destroyed), key == 1
		return fn(d)
	}, `SELECT `+destructionColumns+` FROM retention_destructions
		WHERE destroyed_at >= ? AND destroyed_at < ? ORDER BY destroyed_at, record_id, step`, lo, hi)
}

// Monthly is how many records one rule of a service had destroyed (or
// separated) in one month.
type Monthly struct {
	Month, Service, Purpose, Rule string // Month: YYYY-MM in the caller's zone
	N                             int64
}

// PerMonth counts the destruction records of [from, to) by month (in loc)
// and rule, by month then service, purpose and rule: the officer's chart.
func (r *Runner) PerMonth(ctx context.Context, from, to time.Time, loc *time.Location) ([]Monthly, error) {
	counts := map[Monthly]int64{}
	err := r.Report(ctx, from, to, func(d Destruction) error {
		counts[Monthly{Month: d.At.In(loc).Format("2006-01"), Service: d.Service, Purpose: d.Purpose, Rule: d.Rule}]++
		return nil
	})
	out := make([]Monthly, 0, len(counts))
	for m, n := range counts {
		m.N = n
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Monthly) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Purpose, b.Purpose), cmp.Compare(a.Rule, b.Rule))
	})
	return out, err
}
