package vault

import (
	"context"
	"database/sql"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/store"
)

// CaseHeld is what the vault still keeps of a case, without any of it:
// whether anything is kept, and the earliest due date among what is (zero
// when nothing kept is dated yet: it waits for an event).
type CaseHeld struct {
	Left    bool
	NextDue time.Time
}

// CaseLeft reports whether anything of a case is still kept: a record of
// the request's subject and purpose with that case, in use or kept apart
// (분리보관). It opens nothing and returns no item, so a service can drop
// its own opaque bookkeeping of a case once the vault has destroyed the
// case's data. It is a gated, logged view without items.
func (v *Vault) CaseLeft(ctx context.Context, r Request, caseID string) (bool, error) {
	h, err := v.CaseHeld(ctx, r, caseID)
	return h.Left, err
}

// CaseHeld is CaseLeft with the earliest due date of what is left, so that
// a service can leave the case alone until then: before it the vault
// destroys nothing of the case unless asked to (a shred).
func (v *Vault) CaseHeld(ctx context.Context, r Request, caseID string) (CaseHeld, error) {
	if caseID == "" || !validCase(caseID) || len(r.Items) != 0 {
		return CaseHeld{}, errs.E(errs.Invalid, "vault: CaseLeft names a case and no items")
	}
	r.Action = View
	var h CaseHeld
	err := v.do(ctx, r, func(t *txn) (n int, err error) {
		h, err = caseHeld(ctx, t.tx, r.Subject, r.Purpose, caseID)
		return 0, err
	})
	return h, asRead(r, err)
}

// caseHeld counts a case's records on both shelves and finds their
// earliest due date.
func caseHeld(ctx context.Context, q store.Querier, subject, purpose, caseID string) (CaseHeld, error) {
	var h CaseHeld
	for _, table := range []string{"pd_records", "pd_separate"} {
		var k int
		var due sql.NullInt64
		err := q.QueryRowContext(ctx, `SELECT COUNT(*), MIN(due_at) FROM `+table+` WHERE subject_id = ? AND purpose = ? AND case_id = ?`,
			subject, purpose, caseID).Scan(&k, &due)
		if err != nil {
			return CaseHeld{}, errs.Wrap(errs.Internal, err, "vault: count a case's records")
		}
		h.Left = h.Left || k > 0
		if at := fromMicros(due.Int64); due.Valid && (h.NextDue.IsZero() || at.Before(h.NextDue)) {
			h.NextDue = at
		}
	}
	return h, nil
}

// CaseRef names one case of a subject.
type CaseRef struct{ Subject, Case string }

// CasesHeld is CaseHeld for many cases of r's service and purpose at once
// (r.Subject is unused: each ref names its own), for a system actor's
// bookkeeping (a sweep): one transaction, each case
// decided by the gate on its subject's facts and logged as CaseLeft logs
// it, all entries appended together. A case the gate does not give (its
// subject unknown, its consent withdrawn, its processing suspended) is
// reported as holding nothing, as CaseLeft's not-found does.
func (v *Vault) CasesHeld(ctx context.Context, r Request, refs []CaseRef) ([]CaseHeld, error) {
	if r.Actor.Kind != System {
		e := errs.E(errs.Forbidden, "vault: only a system actor asks about many cases at once")
		e.Reason = ReasonRoleForbidden
		return nil, e
	}
	r.Items, r.Action = nil, View
	for _, c := range refs {
		r.Subject = c.Subject
		if err := v.admit(&r); err != nil {
			return nil, err
		}
		if c.Case == "" || !validCase(c.Case) {
			return nil, errs.E(errs.Invalid, "vault: CasesHeld names cases")
		}
	}
	out := make([]CaseHeld, len(refs))
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		entries := make([]audit.Entry, len(refs))
		for i, c := range refs {
			r.Subject = c.Subject
			t := &txn{tx: tx}
			f, err := v.cachedFacts(ctx, tx, c.Subject)
			if denied := v.decideOn(t, r, f, err); denied != nil {
				if errs.Code(denied) != errs.Forbidden && errs.Code(denied) != errs.NotFound {
					return denied
				}
				out[i], entries[i] = CaseHeld{}, v.entry(r, denied, 0)
				continue
			}
			if out[i], err = caseHeld(ctx, tx, c.Subject, r.Purpose, c.Case); err != nil {
				return err
			}
			entries[i] = v.entry(r, nil, 0)
		}
		return v.cfg.Log.Append(ctx, tx, entries...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
