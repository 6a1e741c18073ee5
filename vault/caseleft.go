package vault

import (
	"context"
	"database/sql"
	"time"

	"jikimi/errs"
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
	err := v.do(ctx, r, func(t *txn) (int, error) {
		h = CaseHeld{}
		for _, table := range []string{"pd_records", "pd_separate"} {
			var k int
			var due sql.NullInt64
			err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(due_at) FROM `+table+` WHERE subject_id = ? AND purpose = ? AND case_id = ?`,
				r.Subject, r.Purpose, caseID).Scan(&k, &due)
			if err != nil {
				return 0, errs.Wrap(errs.Internal, err, "vault: count a case's records")
			}
			h.Left = h.Left || k > 0
			if at := fromMicros(due.Int64); due.Valid && (h.NextDue.IsZero() || at.Before(h.NextDue)) {
				h.NextDue = at
			}
		}
		return 0, nil
	})
	return h, asRead(r, err)
}
