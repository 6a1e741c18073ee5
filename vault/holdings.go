package vault

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// Holding is one record the gate holds of a subject, without its content:
// its opaque ID, purpose, retention rule and case — what a destruction
// record keeps of it once it is gone.
type Holding struct {
	ID, Purpose, Rule, Case string
}

// Holdings lists the records r's service holds of r's subject (in use, not
// kept apart in separate storage), in ID order; r names no purpose. It is for a system actor
// that accounts for records without reading them — the compliance
// simulator learns the IDs of the records a service stored, to check their
// destruction against its own reading of the rules — so it reveals no item
// value and writes no access-log entry, like Subjects. Any other kind of
// actor is refused.
func (v *Vault) Holdings(ctx context.Context, r Request) ([]Holding, error) {
	if err := systemOnly(r, "lists holdings"); err != nil {
		return nil, err
	}
	if r.Service == "" || r.Subject == "" {
		return nil, errs.E(errs.Invalid, "vault: Holdings needs a service and a subject")
	}
	out, err := store.Collect(ctx, v.reader, "vault: list holdings", func(s store.Scanner, h *Holding) error {
		return s.Scan(&h.ID, &h.Purpose, &h.Rule, &h.Case)
	}, `SELECT id, purpose, rule, case_id FROM pd_records WHERE subject_id = ? AND service = ? ORDER BY id`, r.Subject, r.Service)
	if out == nil && err == nil {
		out = []Holding{}
	}
	return out, err
}

// systemOnly refuses r unless a named system actor makes it: the accounts
// of records that read no content (Holdings, KeyedHeld).
func systemOnly(r Request, what string) error {
	if r.Actor.Kind != System || r.Actor.ID == "" {
		return errs.WithReason(errs.Forbidden, ReasonRoleForbidden, "vault: only a system actor %s", what)
	}
	return nil
}
