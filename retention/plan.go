package retention

import (
	"context"
	"encoding/json"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Plan states.
const (
	StateBuilding  = "building"         // records are being put into it
	StatePending   = "pending_approval" // waiting for the privacy officer
	StateEscalated = "escalated"        // not approved by its deadline; still waiting, never run unapproved
	StateApproved  = "approved"         // approved, or needing no approval; to be carried out
	StateExecuting = "executing"        // being carried out
	StateDone      = "done"
)

// Plan is a destruction plan (파기계획): the records of one service due by
// its cutoff, to be destroyed once approved.
type Plan struct {
	ID, Service, Day, State string
	Cutoff, Created         time.Time
	NeedsApproval           bool
	Items                   int
	DueFrom, DueTo          time.Time // earliest and latest due date of its records
	Deadline                time.Time // DueFrom + grace: escalated when not approved by then
	Kinds                   []Kind
	Destroyed               int // records destroyed (or moved apart) by it
	Released                int // records it did not destroy: re-dated since (a draft changed), or destroyed otherwise
	ApprovedBy              string
	ApprovedAt              time.Time
	EscalatedAt, DoneAt     time.Time
}

// Kind counts a plan's records of one purpose and rule and says what will
// happen to them.
type Kind struct {
	Purpose, Rule, Label string
	Step                 string // vault.StepSeparate or vault.StepDestroy
	Method               string
	Count                int
	FirstDue, LastDue    time.Time
}

// buildPlan builds the service's plan for day, after finishing any plan an
// interruption left half built (of that day or an earlier one); it returns
// the plans it finished building that hold anything.
func (r *Runner) buildPlan(ctx context.Context, p *policy.Policy, day string, cut time.Time) ([]Plan, error) {
	if _, err := r.openPlan(ctx, p, day, cut); err != nil {
		return nil, err
	}
	building, err := r.plansWhere(ctx, `p.service = ? AND p.state = ?`, p.Service, StateBuilding)
	if err != nil {
		return nil, err
	}
	var out []Plan
	for _, plan := range building {
		built, err := r.fill(ctx, p, &plan)
		if err != nil {
			return out, err
		}
		if built != nil {
			out = append(out, *built)
		}
	}
	return out, nil
}

// fill puts every record due by the plan's cutoff into it and closes it.
func (r *Runner) fill(ctx context.Context, p *policy.Policy, plan *Plan) (*Plan, error) {
	pace := r.newPacer()
	var at vault.Cursor
	planned := 0
	for n := 1; n > 0; {
		if still, err := r.stillBuilding(ctx, plan.ID); err != nil || !still {
			return nil, err // another run closed it meanwhile
		}
		err := pace.run(func(limit int) (err error) {
			n, at, err = r.cfg.Vault.PlanDue(ctx, p.Service, plan.ID, plan.Cutoff, at, limit)
			return err
		})
		if err != nil {
			return nil, err
		}
		planned += n
		r.progress("planning %s for %s: %d records due so far", plan.ID, p.Service, planned)
	}
	vk, err := r.cfg.Vault.PlanKinds(ctx, p.Service, plan.ID, plan.Cutoff)
	if err != nil {
		return nil, err
	}
	return r.closePlan(ctx, plan, kindsOf(p, vk))
}

func (r *Runner) stillBuilding(ctx context.Context, id string) (bool, error) {
	var state string
	err := r.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT state FROM retention_plans WHERE id = ?`, id).Scan(&state)
	return state == StateBuilding, errs.WrapIf(err, "retention: read plan state")
}

// openPlan returns the service's plan for day, creating it if there is none.
func (r *Runner) openPlan(ctx context.Context, p *policy.Policy, day string, cut time.Time) (*Plan, error) {
	id, err := r.newID("pln_")
	if err != nil {
		return nil, err
	}
	err = r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO retention_plans (id, service, day, cutoff, created_at, state, needs_approval) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (service, day) DO NOTHING`, id, p.Service, day, cut.UnixMicro(), r.now().UnixMicro(), StateBuilding, boolInt(p.Destruction.OfficerApproves))
		return errs.WrapIf(err, "retention: create plan")
	})
	if err != nil {
		return nil, err
	}
	return r.planWhere(ctx, `p.service = ? AND p.day = ?`, p.Service, day)
}

// closePlan records what a built plan holds and sends it for approval, or
// straight to execution when the policy asks none; an empty plan is dropped.
func (r *Runner) closePlan(ctx context.Context, plan *Plan, kinds []Kind) (*Plan, error) {
	r.summarise(plan, kinds)
	summary, err := json.Marshal(kinds)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "retention: encode plan summary")
	}
	closed := false
	err = r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if plan.Items == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM retention_plans WHERE id = ? AND state = ?`, plan.ID, StateBuilding)
			return errs.WrapIf(err, "retention: drop empty plan")
		}
		res, err := tx.ExecContext(ctx, `UPDATE retention_plans SET items = ?, due_from = ?, due_to = ?, deadline = ?, summary = ?, state = ? WHERE id = ? AND state = ?`,
			plan.Items, plan.DueFrom.UnixMicro(), plan.DueTo.UnixMicro(), plan.Deadline.UnixMicro(), string(summary), plan.State, plan.ID, StateBuilding)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "retention: close plan")
		}
		n, _ := res.RowsAffected()
		closed = n == 1
		return nil
	})
	if err != nil || !closed {
		return nil, err // empty, or closed by another run
	}
	r.log.Info("retention: plan built", "plan", plan.ID, "service", plan.Service, "items", plan.Items, "state", plan.State, "deadline", plan.Deadline)
	return plan, nil
}

// summarise sets a plan's counts, due window, deadline and next state.
func (r *Runner) summarise(plan *Plan, kinds []Kind) {
	plan.Kinds = kinds
	for i, k := range kinds {
		plan.Items += k.Count
		if i == 0 || k.FirstDue.Before(plan.DueFrom) {
			plan.DueFrom = k.FirstDue
		}
		if k.LastDue.After(plan.DueTo) {
			plan.DueTo = k.LastDue
		}
	}
	plan.Deadline = plan.DueFrom.Add(r.cfg.Grace)
	plan.State = StatePending
	if !plan.NeedsApproval {
		plan.State = StateApproved
	}
}

// kindsOf names what will happen to each kind of record in a plan.
func kindsOf(p *policy.Policy, vk []vault.PlanKind) []Kind {
	out := make([]Kind, len(vk))
	for i, k := range vk {
		out[i] = Kind{Purpose: k.Purpose, Rule: k.Rule, Step: vault.StepDestroy, Method: vault.MethodCryptoShred,
			Count: k.Count, FirstDue: k.FirstDue, LastDue: k.LastDue}
		rr := rule(p, k.Purpose, k.Rule)
		if rr == nil {
			continue
		}
		out[i].Label = rr.Label
		switch {
		case rr.Method == vault.MethodSeparate && !k.Separated:
			out[i].Step, out[i].Method = vault.StepSeparate, vault.MethodSeparate
		case rr.Method == vault.MethodDelete:
			out[i].Method = vault.MethodDelete
		}
	}
	return out
}

func rule(p *policy.Policy, purpose, id string) *policy.Retention {
	if pu := p.Purpose(purpose); pu != nil {
		return pu.Rule(id)
	}
	return nil
}

// escalate marks every plan still unapproved past its deadline escalated,
// and tells the officer through the log; it is never run unapproved.
func (r *Runner) escalate(ctx context.Context) ([]Plan, error) {
	late, err := r.plansWhere(ctx, `p.state = ? AND p.deadline < ?`, StatePending, r.now().UnixMicro())
	if err != nil {
		return nil, err
	}
	var out []Plan
	for _, p := range late {
		err := r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `UPDATE retention_plans SET state = ?, escalated_at = ? WHERE id = ? AND state = ?`,
				StateEscalated, r.now().UnixMicro(), p.ID, StatePending)
			return errs.WrapIf(err, "retention: escalate plan")
		})
		if err != nil {
			return out, err
		}
		p.State, p.EscalatedAt = StateEscalated, r.now()
		r.log.Warn("retention: destruction plan not approved by its deadline: escalated to the privacy officer",
			"plan", p.ID, "service", p.Service, "items", p.Items, "deadline", p.Deadline)
		out = append(out, p)
	}
	return out, nil
}

// Approve records the privacy officer's approval of a plan waiting for it
// (escalated or not). Carry it out with Execute.
func (r *Runner) Approve(ctx context.Context, planID, staffID string) (*Plan, error) {
	if !opaque(staffID) {
		return nil, errs.E(errs.Invalid, "retention: an approval names the approving staff account's ID")
	}
	plan, err := r.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	if r.cfg.Officer != nil {
		if err := r.cfg.Officer(ctx, plan.Service, staffID); err != nil {
			return nil, err
		}
	}
	if plan.State != StatePending && plan.State != StateEscalated {
		return nil, errs.E(errs.Conflict, "retention: plan %s is %s, not waiting for approval", plan.ID, plan.State)
	}
	if err := r.recordApproval(ctx, plan.ID, staffID); err != nil {
		return nil, err
	}
	r.log.Info("retention: plan approved", "plan", plan.ID, "by", staffID)
	return r.Plan(ctx, planID)
}

// recordApproval moves a waiting plan to approved and records who approved it.
func (r *Runner) recordApproval(ctx context.Context, planID, staffID string) error {
	return r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE retention_plans SET state = ? WHERE id = ? AND state IN (?, ?)`, StateApproved, planID, StatePending, StateEscalated)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "retention: approve plan")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "retention: plan %s changed meanwhile; look again", planID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO retention_approvals (plan_id, staff_id, approved_at) VALUES (?, ?, ?)`, planID, staffID, r.now().UnixMicro())
		return errs.WrapIf(err, "retention: record approval")
	})
}

// opaque: an ID of letters, digits and . _ : - only, as the log takes them.
func opaque(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
