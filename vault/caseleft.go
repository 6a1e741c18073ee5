package vault

import (
	"context"

	"jikimi/errs"
)

// CaseLeft reports whether anything of a case is still kept: a record of
// the request's subject and purpose with that case, in use or kept apart
// (분리보관). It opens nothing and returns no item, so a service can drop
// its own opaque bookkeeping of a case once the vault has destroyed the
// case's data. It is a gated, logged view without items.
func (v *Vault) CaseLeft(ctx context.Context, r Request, caseID string) (bool, error) {
	if caseID == "" || !validCase(caseID) || len(r.Items) != 0 {
		return false, errs.E(errs.Invalid, "vault: CaseLeft names a case and no items")
	}
	r.Action = View
	n := 0
	err := v.do(ctx, r, func(t *txn) (int, error) {
		for _, table := range []string{"pd_records", "pd_separate"} {
			var k int
			err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE subject_id = ? AND purpose = ? AND case_id = ?`,
				r.Subject, r.Purpose, caseID).Scan(&k)
			if err != nil {
				return 0, errs.Wrap(errs.Internal, err, "vault: count a case's records")
			}
			n += k
		}
		return 0, nil
	})
	return n > 0, asRead(r, err)
}
