package vault

import (
	"context"
	"maps"
	"slices"

	"jikimi/errs"
	"jikimi/store"
)

// Suspend stops processing of r's purpose for r's subject (처리정지, Act 37)
// at once: until lifted, the gate refuses every use of it but the subject's
// own view and destruction. r's actor is the subject, or staff recording a
// request made on paper.
func (v *Vault) Suspend(ctx context.Context, r Request) (string, error) {
	id, err := v.newID("sus_")
	if err != nil {
		return "", err
	}
	r.Items = nil
	return id, v.rightsChange(ctx, r, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pd_suspensions (id, subject_id, purpose, requested_at) VALUES (?, ?, ?, ?)`, id, r.Subject, r.Purpose, v.now())
		return errs.WrapIf(err, "vault: record suspension")
	})
}

// Lift ends the suspension of r's purpose for r's subject.
func (v *Vault) Lift(ctx context.Context, r Request) error {
	r.Items = nil
	return v.rightsChange(ctx, r, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE pd_suspensions SET lifted_at = ? WHERE subject_id = ? AND purpose = ? AND lifted_at IS NULL`, v.now(), r.Subject, r.Purpose)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "vault: lift suspension")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "no suspension of purpose %q in force", r.Purpose)
		}
		return nil
	})
}

// RequestCorrection records a correction or deletion request (Act 36) on
// r's items of r's purpose: until it is resolved those items are neither
// used nor provided.
func (v *Vault) RequestCorrection(ctx context.Context, r Request) (string, error) {
	if len(r.Items) == 0 {
		return "", errs.E(errs.Invalid, "vault: a correction names the items to correct")
	}
	id, err := v.newID("cor_")
	if err != nil {
		return "", err
	}
	return id, v.rightsChange(ctx, r, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pd_corrections (id, subject_id, purpose, items, requested_at) VALUES (?, ?, ?, ?, ?)`,
			id, r.Subject, r.Purpose, joinItems(r.Items), v.now())
		return errs.WrapIf(err, "vault: record correction request")
	})
}

// Correct resolves a pending correction by changing a record's items to the
// corrected values, in one transaction; values nil resolves it unchanged
// (a refused request, with outcome saying why).
func (v *Vault) Correct(ctx context.Context, r Request, correction, record string, values map[string]string, outcome string) error {
	if values != nil {
		r.Items = slices.Sorted(maps.Keys(values))
		r.Action = Change
	} else {
		r.Items, r.settle = nil, true
	}
	if outcome == "" {
		return errs.E(errs.Invalid, "vault: a resolved correction records its outcome")
	}
	defer v.factCache.forget(r.Subject)
	return v.doAfter(ctx, r, func(tx store.Querier) error {
		return v.resolveCorrection(ctx, tx, r, correction, outcome)
	}, func(t *txn) (int, error) {
		if values == nil {
			return 0, nil
		}
		return 1, v.merge(ctx, t, r, record, values)
	})
}

func (v *Vault) resolveCorrection(ctx context.Context, tx store.Querier, r Request, id, outcome string) error {
	res, err := tx.ExecContext(ctx, `UPDATE pd_corrections SET resolved_at = ?, outcome = ? WHERE id = ? AND subject_id = ? AND purpose = ? AND resolved_at IS NULL`,
		v.now(), outcome, id, r.Subject, r.Purpose)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "vault: resolve correction")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "no pending correction %s", id)
	}
	return nil
}

// rightsChange records a suspension or correction with its access-log entry.
// The subject asks for themselves; staff record requests made on paper.
func (v *Vault) rightsChange(ctx context.Context, r Request, write func(store.Querier) error) error {
	r.Action = Input
	if err := v.admit(&r); err != nil {
		return err
	}
	if err := actorForLedger(r.Actor, r.Subject); err != nil {
		return err
	}
	if r.pol == nil {
		return errs.E(errs.NotFound, "no policy in force for service %q", r.Service)
	}
	if r.pu == nil {
		return errs.E(errs.Invalid, "vault: purpose %q is not declared", r.Purpose)
	}
	return v.ledgerWrite(ctx, r, write)
}
