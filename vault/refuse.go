package vault

import (
	"context"

	"jikimi/store"
)

// ReasonIdentityMismatch denies a look-up whose verified identity is not
// the requesting member's (or whose RRN is not the verified person's).
const ReasonIdentityMismatch = "identity_mismatch"

// Refuse records in the access log a request its service refused on a
// ground the gate cannot see itself (an identity verification that names
// someone else), and answers the denial: 403 with the reason. The log
// entry is the only thing written.
func (v *Vault) Refuse(ctx context.Context, r Request, reason, format string, args ...any) error {
	if err := validate(r); err != nil {
		return err
	}
	denial := deny(reason, format, args...)
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		return v.cfg.Log.Append(ctx, tx, v.entry(r, denial, 0))
	})
	if err != nil {
		return err
	}
	return denial
}
