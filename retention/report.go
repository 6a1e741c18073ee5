package retention

import (
	"context"
	"strings"
	"time"

	"jikimi/errs"
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
	rows, err := r.cfg.SQL.Reader().QueryContext(ctx, `SELECT `+destructionColumns+` FROM retention_destructions
		WHERE destroyed_at >= ? AND destroyed_at < ? ORDER BY destroyed_at, record_id, step`, lo, hi)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "retention: read destruction records")
	}
	defer rows.Close()
	for rows.Next() {
		var d Destruction
		var items string
		var due, destroyed int64
		var key int
		if err := rows.Scan(&d.Record, &d.Step, &d.Service, &d.Subject, &d.Purpose, &d.Rule, &items, &due, &destroyed, &d.Method, &key, &d.Plan, &d.Approver); err != nil {
			return errs.Wrap(errs.Internal, err, "retention: read destruction records")
		}
		d.Items, d.Due, d.At, d.KeyDestroyed = strings.Split(items, ","), at(due), at(destroyed), key == 1
		if err := fn(d); err != nil {
			return err
		}
	}
	return wrapIf(rows.Err(), "retention: read destruction records")
}
