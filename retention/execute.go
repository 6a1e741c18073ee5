package retention

import (
	"context"
	"strings"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// executeReady carries out every approved plan, and every plan an
// interruption left executing.
func (r *Runner) executeReady(ctx context.Context) ([]Plan, error) {
	ready, err := r.Plans(ctx, StateApproved, StateExecuting)
	if err != nil {
		return nil, err
	}
	var out []Plan
	for _, p := range ready {
		done, err := r.Execute(ctx, p.ID)
		if errs.Code(err) == errs.Conflict {
			continue // carried out by another run meanwhile
		}
		if err != nil {
			return out, err
		}
		out = append(out, *done)
	}
	return out, nil
}

// Execute carries out an approved plan in transactions of at most Chunk
// records, each writing its destruction records with its destructions, and
// then purges the freed bytes. It resumes a plan an interruption left and
// may run beside another Execute of the same plan: a record is destroyed,
// and recorded, once.
func (r *Runner) Execute(ctx context.Context, planID string) (*Plan, error) {
	plan, err := r.startExecution(ctx, planID)
	if err != nil {
		return nil, err
	}
	ref := vault.PlanRef{ID: plan.ID, Service: plan.Service, Cutoff: plan.Cutoff, Actor: system}
	record := r.recorder(plan)
	pace := r.newPacer()
	var c vault.Chunk
	destroyed := plan.Destroyed // a resumed plan goes on from its interruption
	for chunk := 1; !c.Done; chunk++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		err := pace.run(func(limit int) (err error) {
			c, err = r.cfg.Vault.DestroyPlanned(ctx, ref, c.Next, limit, record)
			return err
		})
		if err != nil {
			return nil, err
		}
		destroyed += c.Destroyed
		r.progress("carrying out %s: %d of %d records destroyed or set apart", plan.ID, destroyed, plan.Items)
		if !c.Done {
			r.log.Info("retention: chunk committed", "plan", plan.ID, "chunk", chunk, "destroyed", c.Destroyed)
		}
	}
	if err := r.cfg.Vault.PurgeDestroyed(ctx); err != nil {
		return nil, err
	}
	return r.finishExecution(ctx, plan)
}

// startExecution moves an approved plan to executing; a plan already
// executing is resumed.
func (r *Runner) startExecution(ctx context.Context, planID string) (*Plan, error) {
	plan, err := r.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	switch plan.State {
	case StateExecuting:
		return plan, nil
	case StateApproved:
	default:
		return nil, errs.E(errs.Conflict, "retention: plan %s is %s: only an approved plan is carried out", plan.ID, plan.State)
	}
	err = r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE retention_plans SET state = ? WHERE id = ? AND state = ?`, StateExecuting, plan.ID, StateApproved)
		return errs.WrapIf(err, "retention: start plan")
	})
	plan.State = StateExecuting
	return plan, err
}

func (r *Runner) finishExecution(ctx context.Context, plan *Plan) (*Plan, error) {
	err := r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE retention_plans SET state = ?, done_at = ?, released = items - destroyed WHERE id = ? AND state = ?`,
			StateDone, r.now().UnixMicro(), plan.ID, StateExecuting)
		return errs.WrapIf(err, "retention: finish plan")
	})
	if err != nil {
		return nil, err
	}
	done, err := r.Plan(ctx, plan.ID)
	if err == nil {
		r.log.Info("retention: plan carried out", "plan", done.ID, "destroyed", done.Destroyed, "released", done.Released)
	}
	return done, err
}

// recorder writes a chunk's destruction records and the plan's counts in
// the chunk's transaction.
func (r *Runner) recorder(plan *Plan) vault.RecordDestroyed {
	return func(ctx context.Context, tx store.Querier, done []vault.Destroyed) error {
		for start := 0; start < len(done); start += insertBatch {
			if err := insertDestructions(ctx, tx, plan, done[start:min(start+insertBatch, len(done))]); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE retention_plans SET destroyed = destroyed + ? WHERE id = ?`, len(done), plan.ID)
		return errs.WrapIf(err, "retention: count destructions")
	}
}

// insertBatch rows of 13 values stay under every driver's limit on
// statement parameters.
const insertBatch = 500

const destructionColumns = `record_id, step, service, subject_id, purpose, rule, items, due_at, destroyed_at, method, key_destroyed, plan_id, approver`

func insertDestructions(ctx context.Context, tx store.Querier, plan *Plan, done []vault.Destroyed) error {
	args := make([]any, 0, 13*len(done))
	for _, d := range done {
		args = append(args, d.Record, d.Step, d.Service, d.Subject, d.Purpose, d.Rule, strings.Join(d.Items, ","),
			d.Due.UnixMicro(), d.At.UnixMicro(), d.Method, boolInt(d.KeyDestroyed), plan.ID, plan.ApprovedBy)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", 13), ", ") + ")"
	_, err := tx.ExecContext(ctx, `INSERT INTO retention_destructions (`+destructionColumns+`) VALUES `+
		strings.TrimSuffix(strings.Repeat(row+", ", len(done)), ", "), args...)
	return errs.WrapIf(err, "retention: write destruction records")
}
