package vault

import (
	"context"

	"jikimi/errs"
)

// UpdateIndexed is Update for items that are also looked up by a blind
// index: in the same transaction it replaces the subject's index of each
// kind in indexed (item ID -> index kind) under the purpose with the new
// value's, so a look-up by the old value no longer finds the subject (a
// member who changed their e-mail address is not found by the old one).
// Login names are not changed this way: their uniqueness is the sign-up's.
func (v *Vault) UpdateIndexed(ctx context.Context, r Request, id string, values map[string]string, indexed map[string]string) error {
	r.Items = itemsOf(r.Items, values)
	if r.Items == nil {
		return errs.E(errs.Invalid, "vault: the changed items must be named and match their values")
	}
	digests := map[string][]byte{}
	for item, kind := range indexed {
		if kind == IndexLogin {
			return errs.E(errs.Invalid, "vault: a login name is not re-indexed")
		}
		val, ok := values[item]
		if !ok {
			return errs.E(errs.Invalid, "vault: indexed item %q is not among the changed values", item)
		}
		d, err := v.cfg.Index.Index(kind, val)
		if err != nil {
			return err
		}
		digests[kind] = d
	}
	return v.do(ctx, r, func(t *txn) (int, error) {
		if err := v.merge(ctx, t, r, id, values); err != nil {
			return 0, err
		}
		for kind, d := range digests {
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM pd_index WHERE service = ? AND kind = ? AND subject_id = ? AND purpose = ?`,
				r.Service, kind, r.Subject, r.Purpose); err != nil {
				return 0, errs.WrapIf(err, "vault: drop the old index")
			}
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO pd_index (service, kind, digest, subject_id, purpose) VALUES (?, ?, ?, ?, ?)`,
				r.Service, kind, d, r.Subject, r.Purpose); err != nil {
				return 0, errs.WrapIf(err, "vault: record the new index")
			}
		}
		return 1, nil
	})
}
