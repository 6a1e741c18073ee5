package retention

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

const planColumns = `SELECT p.id, p.service, p.day, p.state, p.cutoff, p.created_at, p.needs_approval, p.items, p.due_from, p.due_to,
	p.deadline, p.summary, p.destroyed, p.released, a.staff_id, a.approved_at, p.escalated_at, p.done_at
	FROM retention_plans p LEFT JOIN retention_approvals a ON a.plan_id = p.id WHERE `

// Plan returns one plan.
func (r *Runner) Plan(ctx context.Context, id string) (*Plan, error) {
	return r.planWhere(ctx, `p.id = ?`, id)
}

// Plans lists the plans in the given states (all when none), oldest first.
func (r *Runner) Plans(ctx context.Context, states ...string) ([]Plan, error) {
	if len(states) == 0 {
		return r.plansWhere(ctx, `1 = 1`)
	}
	args := make([]any, len(states))
	for i, s := range states {
		args[i] = s
	}
	return r.plansWhere(ctx, `p.state IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", ")+`)`, args...)
}

func (r *Runner) planWhere(ctx context.Context, where string, args ...any) (*Plan, error) {
	ps, err := r.plansWhere(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errs.E(errs.NotFound, "retention: no such plan")
	}
	return &ps[0], nil
}

func (r *Runner) plansWhere(ctx context.Context, where string, args ...any) ([]Plan, error) {
	return store.Collect(ctx, r.cfg.SQL.Reader(), "retention: read plans", func(s store.Scanner, p *Plan) (err error) {
		*p, err = scanPlan(s)
		return err
	}, planColumns+where+` ORDER BY p.created_at, p.id`, args...)
}

func scanPlan(rows store.Scanner) (Plan, error) {
	var p Plan
	var cut, created int64
	var needs int
	var summary string
	var dueFrom, dueTo, deadline, approvedAt, escalated, done sql.NullInt64
	var by sql.NullString
	err := rows.Scan(&p.ID, &p.Service, &p.Day, &p.State, &cut, &created, &needs, &p.Items, &dueFrom, &dueTo,
		&deadline, &summary, &p.Destroyed, &p.Released, &by, &approvedAt, &escalated, &done)
	if err != nil {
		return p, errs.Wrap(errs.Internal, err, "retention: read plan")
	}
	p.Cutoff, p.Created, p.NeedsApproval, p.ApprovedBy = at(cut), at(created), needs == 1, by.String
	p.DueFrom, p.DueTo, p.Deadline = maybe(dueFrom), maybe(dueTo), maybe(deadline)
	p.ApprovedAt, p.EscalatedAt, p.DoneAt = maybe(approvedAt), maybe(escalated), maybe(done)
	if summary != "" {
		if err := json.Unmarshal([]byte(summary), &p.Kinds); err != nil {
			return p, errs.Wrap(errs.Internal, err, "retention: read plan summary")
		}
	}
	return p, nil
}

func at(us int64) time.Time { return time.UnixMicro(us).UTC() }

func maybe(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return at(v.Int64)
}
