package vault

import (
	"context"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// PurposeRights is the purpose the access log names for the reads a
// data-subject rights request makes (열람, 전송): not a purpose of
// processing that a policy declares, but the subject's own right over
// every purpose at once (Act 35, 35-2).
const PurposeRights = "rights"

// Disclosure is everything a service holds of one subject, as a rights
// request reads it: every record in use with all its values, what is kept
// apart in separate storage (without values: another law keeps it, for one
// purpose only), and the whole consent ledger.
type Disclosure struct {
	Records  []*Record
	Apart    []Apart
	Consents []Consent
}

// Apart is a record kept in separate storage (분리보관): what it is and
// until when it is kept, never its content.
type Apart struct {
	ID, Purpose, Rule, Serves string
	Items                     []string
	Created, Separated, Due   time.Time
}

// Disclose reads everything the service holds of r.Subject for a rights
// request, in one transaction with one access-log entry for the purpose
// PurposeRights counting the records. r.Purpose must be PurposeRights and
// r.Action view, print or download. The subject reads their own data; staff
// read it only in a role that every purpose of the policy names (the
// privacy officer, who answers requests for all of them). A refusal is
// "not found", logged as denied.
func (v *Vault) Disclose(ctx context.Context, r Request) (*Disclosure, error) {
	if r.Purpose != PurposeRights || (r.Action != View && r.Action != Print && r.Action != Download) {
		return nil, errs.E(errs.Invalid, "vault: a disclosure is a view, print or download for the purpose %q", PurposeRights)
	}
	r.Items = nil
	if err := validate(r); err != nil {
		return nil, err
	}
	out := &Disclosure{}
	var denied error
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if denied = v.mayDisclose(ctx, tx, r); denied != nil {
			return v.cfg.Log.Append(ctx, tx, v.entry(r, denied, 0))
		}
		var err error
		if out.Records, err = v.allRecords(ctx, tx, r); err != nil {
			return err
		}
		if out.Apart, err = allApart(ctx, tx, r); err != nil {
			return err
		}
		if out.Consents, err = readConsents(ctx, tx, r.Subject); err != nil {
			return err
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, len(out.Records)+len(out.Apart)))
	})
	if err == nil {
		err = denied
	}
	if err != nil {
		return nil, asRead(r, err)
	}
	return out, nil
}

// mayDisclose: the subject themselves, or staff in a role on every purpose,
// for a subject of the service.
func (v *Vault) mayDisclose(ctx context.Context, tx store.Querier, r Request) error {
	p, err := v.current(r.Service)
	if err != nil {
		return deny(ReasonUnknownPurpose, "no policy in force for service %q", r.Service)
	}
	switch r.Actor.Kind {
	case Subject:
		if r.Actor.ID != r.Subject {
			return deny(ReasonNotOwner, "a subject reads only their own data")
		}
	case Staff:
		for _, pu := range p.Purposes {
			if !slices.Contains(pu.Roles, r.Actor.Role) {
				return deny(ReasonRoleForbidden, "role %q does not reach every purpose of the service", r.Actor.Role)
			}
		}
	default:
		return deny(ReasonRoleForbidden, "a %s does not answer rights requests", r.Actor.Kind)
	}
	if svc, err := subjectService(ctx, tx, r.Subject); err != nil || svc != r.Service {
		return deny(ReasonNotOwner, "no such subject in service %q", r.Service)
	}
	return nil
}

// allRecords opens every record of the subject, of every purpose, in one query.
func (v *Vault) allRecords(ctx context.Context, tx store.Querier, r Request) ([]*Record, error) {
	found, err := store.Collect(ctx, tx, "vault: read records", func(s store.Scanner, row *sealedRow) error {
		return s.Scan(row.dest()...)
	}, `SELECT `+sealedColumns+` FROM pd_records WHERE subject_id = ? AND service = ? ORDER BY purpose, created_at, id`, r.Subject, r.Service)
	if err != nil {
		return nil, err
	}
	t := &txn{tx: tx, fresh: map[string][]byte{}}
	out := make([]*Record, 0, len(found))
	for i := range found {
		l, err := v.open(ctx, t, &found[i])
		if err != nil {
			return nil, err
		}
		rec := l.Record
		rec.Values = l.all
		out = append(out, &rec)
	}
	return out, nil
}

// allApart lists what separate storage keeps of the subject.
func allApart(ctx context.Context, tx store.Querier, r Request) ([]Apart, error) {
	return store.Collect(ctx, tx, "vault: read separate storage", func(s store.Scanner, a *Apart) error {
		var items string
		var created, separated, due int64
		err := s.Scan(&a.ID, &a.Purpose, &a.Rule, &a.Serves, &items, &created, &separated, &due)
		a.Items, a.Created, a.Separated, a.Due = splitItems(items), fromMicros(created), fromMicros(separated), fromMicros(due)
		return err
	}, `SELECT id, purpose, rule, serves, items, created_at, separated_at, due_at FROM pd_separate
		WHERE subject_id = ? AND service = ? ORDER BY purpose, created_at, id`, r.Subject, r.Service)
}

// RightsStep logs one step of a rights request on a subject (filing it,
// opening or answering it) under the purpose PurposeRights, and runs
// r.Then in the same transaction, so the request's own bookkeeping and its
// log entry commit together. It reads no record. The subject acts for
// themselves; onBehalf lets another subject act for them (a legal
// representative or a proxy whose standing the caller has verified); staff
// act in a role that every purpose names. Anyone else, or a subject not of
// the service, is refused as "not found" and logged as denied.
func (v *Vault) RightsStep(ctx context.Context, r Request, onBehalf bool) error {
	if r.Purpose != PurposeRights {
		return errs.E(errs.Invalid, "vault: a rights step is logged for the purpose %q", PurposeRights)
	}
	r.Items = nil
	if err := validate(r); err != nil {
		return err
	}
	var denied error
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		check := r
		if onBehalf && r.Actor.Kind == Subject {
			check.Actor.ID = r.Subject // standing verified by the caller
		}
		if denied = v.mayDisclose(ctx, tx, check); denied != nil {
			return v.cfg.Log.Append(ctx, tx, v.entry(r, denied, 0))
		}
		if r.Then != nil {
			if err := r.Then(ctx, tx); err != nil {
				return err
			}
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, 0))
	})
	if err == nil && denied != nil {
		return notFound()
	}
	return err
}
