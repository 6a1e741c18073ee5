package vault

import (
	"context"
	"maps"
	"slices"

	"jikimi/errs"
	"jikimi/policy"
)

// Target is one record Refile stores: the retention it is kept under and
// which of the old record's items it holds.
type Target struct {
	Retain Retain
	Items  []string
}

// Refile moves a record of the request's subject and purpose to other
// retention rules of that purpose in one transaction (action input): each
// target becomes a new record holding its items of the old one, and the old
// record is deleted. It is how a case changes stage when its stages are kept
// under different rules (복지로's draft application, once submitted, becomes
// its details and its history): either the case is wholly at the new stage
// or, on any error, wholly at the old one. r.Items must name every item of
// the old record, and every target item must be one of them; r.Then runs in
// the same transaction.
func (v *Vault) Refile(ctx context.Context, r Request, id string, to []Target) ([]string, error) {
	if len(to) == 0 || len(r.Items) == 0 {
		return nil, errs.E(errs.Invalid, "vault: a refiled record names its items and at least one target")
	}
	ids, err := v.newRecordIDs(len(to))
	if err != nil {
		return nil, err
	}
	err = v.do(ctx, r, func(t *txn) (int, error) {
		rec, err := v.load(ctx, t, r, id)
		if err != nil {
			return 0, err
		}
		if !slices.Equal(slices.Sorted(maps.Keys(rec.all)), slices.Sorted(slices.Values(r.Items))) {
			return 0, errs.E(errs.Invalid, "vault: the request must name exactly the refiled record's items")
		}
		for i, tg := range to {
			if err := v.refileOne(ctx, t, r, ids[i], tg, rec.all); err != nil {
				return 0, err
			}
		}
		_, err = t.tx.ExecContext(ctx, `DELETE FROM pd_records WHERE id = ?`, id)
		return len(to) + 1, errs.WrapIf(err, "vault: delete refiled record")
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// refileOne stores the target's items of values as a new record.
func (v *Vault) refileOne(ctx context.Context, t *txn, r Request, id string, tg Target, values map[string]string) error {
	part := map[string]string{}
	for _, it := range tg.Items {
		val, ok := values[it]
		if !ok {
			return errs.E(errs.Invalid, "vault: a target names item %q, which the record does not hold", it)
		}
		part[it] = val
	}
	one := r
	if one.Items = itemsOf(nil, part); one.Items == nil {
		return errs.E(errs.Invalid, "vault: a target holds at least one item")
	}
	return v.insertRecord(ctx, t, one, id, tg.Retain, part)
}

// Pass decides and logs an access to values that are never stored: a
// look-up or an input shown once and dropped at once, under a rule of
// immediate destruction (복지로's 나의 복지서비스; a 복지서비스 찾기 kept
// without consent). Nothing is written but the access-log entry and a
// destruction record of the items that passed (method not_stored, no
// content), so nothing remains to destroy. Every item must be kept only under an immediate rule;
// r.Then runs in the same transaction.
func (v *Vault) Pass(ctx context.Context, r Request) error {
	if len(r.Items) == 0 {
		return errs.E(errs.Invalid, "vault: a passing access names its items")
	}
	return v.do(ctx, r, func(t *txn) (int, error) {
		pu := t.pu
		var rule string
		for _, it := range r.Items {
			i := slices.IndexFunc(pu.RetentionFor(it), func(rr *policy.Retention) bool { return rr.Immediate })
			if i < 0 {
				return 0, errs.E(errs.Invalid, "vault: item %q of purpose %q is not destroyed at once: store it under its rule", it, r.Purpose)
			}
			rule = pu.RetentionFor(it)[i].ID
		}
		id, err := v.newID("pass_")
		if err != nil {
			return 0, err
		}
		now := v.cfg.Clock.Now()
		return 0, recordImmediate(ctx, t.tx, []Destroyed{{Record: id, Subject: r.Subject, Service: r.Service, Purpose: r.Purpose,
			Rule: rule, Items: r.Items, Step: StepDestroy, Method: MethodNotStored, Due: now, At: now}})
	})
}
