package vault

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// Subjects lists the opaque IDs of a service's subjects after the ID after
// ("" from the start), in ID order, at most limit of them. It is the one
// way to walk a whole population (statistics, a pseudonymised extraction,
// a re-identification that recomputes pseudonyms): it reveals no personal
// data, only that opaque IDs exist, so it writes no access-log entry; every
// read of a subject's data still goes through the gate, one request each.
func (v *Vault) Subjects(ctx context.Context, service, after string, limit int) ([]string, error) {
	if service == "" || limit <= 0 {
		return nil, errs.E(errs.Invalid, "vault: Subjects needs a service and a positive limit")
	}
	ids, err := store.Column[string](ctx, v.reader, "vault: list subjects",
		`SELECT id FROM pd_subjects WHERE service = ? AND id > ? ORDER BY id LIMIT ?`, service, after, limit)
	if ids == nil && err == nil {
		ids = []string{}
	}
	return ids, err
}

// SubjectsWith lists, in ID order after after, up to limit subjects of a
// service that hold data of a purpose (a data key): whom a send to every
// subscriber goes to. Like Subjects, it reads no personal data.
func (v *Vault) SubjectsWith(ctx context.Context, service, purpose, after string, limit int) ([]string, error) {
	if service == "" || purpose == "" || limit <= 0 {
		return nil, errs.E(errs.Invalid, "vault: SubjectsWith needs a service, a purpose and a positive limit")
	}
	return column(ctx, v.cfg.SQL.Reader(), "vault: list subjects", `SELECT s.id FROM pd_subjects s JOIN pd_keys k ON k.subject_id = s.id
		WHERE s.service = ? AND k.purpose = ? AND s.id > ? ORDER BY s.id LIMIT ?`, service, purpose, after, limit)
}
