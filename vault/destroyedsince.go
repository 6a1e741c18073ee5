package vault

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Emptied is a subject's purpose of which the vault destroyed records.
type Emptied struct{ Subject, Purpose string }

// DestroyedSince lists each subject's purpose of r's service of which
// records left the gate at or after since — by a destruction plan, a
// shred, an immediate destruction or a move into separate storage — read
// from their destruction records (by destroyed_at), in subject and purpose
// order. It is for a system actor's bookkeeping of what the vault keeps,
// told of what went instead of asking about everything again (the 복지로
// cases sweep): opaque IDs only, so, like Holdings, it reveals no item and
// writes no access-log entry. Any other kind of actor is refused.
func (v *Vault) DestroyedSince(ctx context.Context, r Request, since time.Time) ([]Emptied, error) {
	if err := systemOnly(r, "lists destructions"); err != nil {
		return nil, err
	}
	if r.Service == "" || since.IsZero() {
		return nil, errs.E(errs.Invalid, "vault: DestroyedSince needs a service and a time")
	}
	out, err := store.Collect(ctx, v.reader, "vault: list destructions", func(s store.Scanner, e *Emptied) error {
		return s.Scan(&e.Subject, &e.Purpose)
	}, `SELECT DISTINCT subject_id, purpose FROM retention_destructions WHERE destroyed_at >= ? AND service = ? ORDER BY subject_id, purpose`,
		since.UnixMicro(), r.Service)
	if out == nil && err == nil {
		out = []Emptied{}
	}
	return out, err
}
