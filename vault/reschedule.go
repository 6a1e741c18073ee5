package vault

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// Reschedule applies the retention rules of the service's policy in force to
// the records stored before it took effect. Under every rule that differs
// from the same rule of an earlier version, a record's due date becomes the
// one the rule in force gives, never earlier than the version's effective
// date, and only when that is earlier than the date it has: a version that
// shortens a period applies to existing records from its effective date; one
// that lengthens it applies to records stored or dated under it, never to
// records collected under the shorter promise, and never brings back what
// was destroyed. It works in transactions of at most limit records, may be
// re-run at will, and returns how many records it re-dated.
func (v *Vault) Reschedule(ctx context.Context, service string, limit int) (int, error) {
	p, err := v.current(service)
	if err != nil {
		return 0, err
	}
	if limit <= 0 {
		return 0, errs.E(errs.Invalid, "vault: rescheduling needs a positive limit")
	}
	total := 0
	for _, c := range changedRules(v.cfg.Policies.Declared(service), p) {
		for _, page := range []redatePage{v.redateInUse, v.redateApart} {
			n, err := v.pages(ctx, p, c, limit, page)
			total += n
			if err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// ruleRef is one retention rule of a purpose.
type ruleRef struct {
	pu *policy.Purpose
	rr *policy.Retention
}

// changedRules are the rules of p that differ from the same rule of an
// earlier declared version.
func changedRules(all []*policy.Policy, p *policy.Policy) []ruleRef {
	var out []ruleRef
	for _, pu := range p.Purposes {
		for _, rr := range pu.Retention {
			if slices.ContainsFunc(all, func(q *policy.Policy) bool { return changedSince(q, p, pu.ID, rr) }) {
				out = append(out, ruleRef{pu, rr})
			}
		}
	}
	return out
}

func changedSince(q, p *policy.Policy, purpose string, rr *policy.Retention) bool {
	if !q.Effective.Before(p.Effective.Time) {
		return false
	}
	old := ruleOf(q, purpose, rr.ID)
	return old != nil && !(old.Period == rr.Period && old.After == rr.After && old.Until == rr.Until &&
		old.Immediate == rr.Immediate && slices.Equal(old.KeepWithConsent, rr.KeepWithConsent) && old.Method == rr.Method)
}

// redatePage re-dates one page of a rule's records after the ID after; it
// returns the last ID of a full page, "" after the last page.
type redatePage func(ctx context.Context, tx store.Querier, p *policy.Policy, c ruleRef, after string, limit int) (n int, last string, err error)

func (v *Vault) pages(ctx context.Context, p *policy.Policy, c ruleRef, limit int, page redatePage) (int, error) {
	total, after := 0, ""
	for {
		var n int
		var last string
		err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
			var err error
			n, last, err = page(ctx, tx, p, c, after, limit)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if last == "" {
			return total, nil
		}
		after = last
	}
}

type inUseRow struct {
	waiting
	subject, caseID string
	due             sql.NullInt64
}

func (v *Vault) redateInUse(ctx context.Context, tx store.Querier, p *policy.Policy, c ruleRef, after string, limit int) (int, string, error) {
	page, err := inUsePage(ctx, tx, p.Service, c, after, limit)
	if err != nil {
		return 0, "", err
	}
	n := 0
	for _, r := range page {
		due, ok, err := dueUnder(ctx, tx, c, r, p.Effective.Time)
		if err != nil {
			return 0, "", err
		}
		if !ok || (r.due.Valid && !due.Before(fromMicros(r.due.Int64))) {
			continue
		}
		if err := setDue(ctx, tx, inUse, r.id, due); err != nil {
			return 0, "", err
		}
		n++
	}
	return n, lastOf(len(page), limit, func() string { return page[len(page)-1].id }), nil
}

func inUsePage(ctx context.Context, tx store.Querier, service string, c ruleRef, after string, limit int) ([]inUseRow, error) {
	return store.Collect(ctx, tx, "vault: read records to re-date", func(s store.Scanner, r *inUseRow) error {
		return s.Scan(&r.id, &r.subject, &r.caseID, &r.keep, &r.created, &r.updated, &r.due)
	}, `SELECT id, subject_id, case_id, keep_for, created_at, updated_at, due_at FROM pd_records
		WHERE service = ? AND purpose = ? AND rule = ? AND id > ? ORDER BY id LIMIT ?`, service, c.pu.ID, c.rr.ID, after, limit)
}

// dueUnder is a record's due date under the rule in force, never before
// the version's effective date.
func dueUnder(ctx context.Context, tx store.Querier, c ruleRef, r inUseRow, effective time.Time) (time.Time, bool, error) {
	var lookErr error
	event := func(name string) (time.Time, bool) {
		at, ok, err := firstEvent(ctx, tx, r.subject, c.pu.ID, r.caseID, name, r.created)
		lookErr = err
		return at, ok
	}
	due, ok := dueOf(c.rr, r.facts(event))
	if due.Before(effective) {
		due = effective
	}
	return due, ok, lookErr
}

func (v *Vault) redateApart(ctx context.Context, tx store.Querier, p *policy.Policy, c ruleRef, after string, limit int) (int, string, error) {
	if !separates(c.rr) {
		return 0, "", nil // no period to keep apart for: what is kept keeps its date
	}
	page, err := apartPage(ctx, tx, p.Service, c, after, limit)
	if err != nil {
		return 0, "", err
	}
	n := 0
	for _, a := range page {
		due := keptUntil(c.rr, fromMicros(a.keptFrom))
		if due.Before(p.Effective.Time) {
			due = p.Effective.Time
		}
		if !due.Before(fromMicros(a.due)) {
			continue
		}
		if err := setDue(ctx, tx, separated, a.id, due); err != nil {
			return 0, "", err
		}
		n++
	}
	return n, lastOf(len(page), limit, func() string { return page[len(page)-1].id }), nil
}

type apartDue struct {
	id            string
	keptFrom, due int64
}

func apartPage(ctx context.Context, tx store.Querier, service string, c ruleRef, after string, limit int) ([]apartDue, error) {
	return store.Collect(ctx, tx, "vault: read separate storage to re-date", func(s store.Scanner, a *apartDue) error {
		return s.Scan(&a.id, &a.keptFrom, &a.due)
	}, `SELECT id, kept_from, due_at FROM pd_separate WHERE service = ? AND purpose = ? AND rule = ? AND id > ? ORDER BY id LIMIT ?`,
		service, c.pu.ID, c.rr.ID, after, limit)
}

// setDue re-dates a record and, as every change of a due date does, takes
// it out of any plan: the next plan takes it at its new date.
func setDue(ctx context.Context, tx store.Querier, sh shelf, id string, due time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE `+sh.table+` SET due_at = ?, plan_id = NULL WHERE id = ?`, due.UnixMicro(), id)
	return errs.WrapIf(err, "vault: re-date record")
}

// lastOf is the page's last ID when the page was full, "" otherwise.
func lastOf(n, limit int, last func() string) string {
	if n < limit || n == 0 {
		return ""
	}
	return last()
}
