package vault

import (
	"context"
	"encoding/json"
	"time"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/policy"
	"jikimi/store"
)

// separateKey names the data key of a subject's separately kept data that
// serves a purpose: a name no declared purpose can have (IDs hold no '/'),
// so neither a purpose's shredding nor its reads ever reach it.
func separateKey(serves string) string { return "separate/" + serves }

func separateAAD(id, subject, serves string) []byte {
	return []byte("jikimi separate v1|" + id + "|" + subject + "|" + serves)
}

// moveApart re-seals a record in use under the key of its separate storage
// and stores it there, kept for its rule's period from when the rule's
// clock started, which was its due date in use.
func (v *Vault) moveApart(ctx context.Context, t *txn, d doomed, rr *policy.Retention, now time.Time) error {
	serves := rr.Separate.Purpose
	k, err := v.dataKey(ctx, t, d.subject, d.purpose, false)
	if err != nil {
		return err
	}
	plain, err := keys.Open(k, d.last, recordAAD(d.id, d.subject, d.purpose))
	if err != nil {
		return err
	}
	defer keys.Zero(plain)
	sk, err := v.dataKey(ctx, t, d.subject, separateKey(serves), true)
	if err != nil {
		return err
	}
	sealed, err := keys.Seal(sk, plain, separateAAD(d.id, d.subject, serves))
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO pd_separate (id, subject_id, service, purpose, rule, serves, items, case_id, sealed, created_at, kept_from, separated_at, due_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.id, d.subject, d.service, d.purpose, d.rule, serves, d.items, d.caseID, sealed, d.created, d.due, now.UnixMicro(),
		keptUntil(rr, fromMicros(d.due)).UnixMicro())
	return errs.WrapIf(err, "vault: move a record into separate storage")
}

// GetSeparate reads the asked items of a separately kept record (분리보관).
// Only the purpose it is kept for reaches it: r.Purpose must be that
// purpose, the action view, and the actor staff in a role of that purpose or
// a system job. Consent is not asked, since another law is its basis. A
// record in use is never found here, nor a separately kept one by Get or
// List; anything forbidden, like anything missing, is "not found".
func (v *Vault) GetSeparate(ctx context.Context, r Request, id string) (*Record, error) {
	var out *Record
	err := v.apart(ctx, r, func(tx store.Querier) (int, error) {
		recs, err := v.readApart(ctx, tx, r, ` AND id = ?`, id)
		if err != nil {
			return 0, err
		}
		if len(recs) == 0 {
			return 0, notFound()
		}
		out = recs[0]
		return 1, nil
	})
	return out, err
}

// ListSeparate reads the asked items of every record of the subject kept
// apart for r.Purpose, under GetSeparate's rules.
func (v *Vault) ListSeparate(ctx context.Context, r Request) ([]*Record, error) {
	var out []*Record
	err := v.apart(ctx, r, func(tx store.Querier) (int, error) {
		var err error
		out, err = v.readApart(ctx, tx, r, "")
		return len(out), err
	})
	return out, err
}

// apart is one gated, logged access to separate storage.
func (v *Vault) apart(ctx context.Context, r Request, fn func(store.Querier) (int, error)) error {
	if err := v.admit(&r); err != nil {
		return err
	}
	var denied error
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if denied = v.mayReadApart(ctx, tx, r); denied != nil {
			return v.cfg.Log.Append(ctx, tx, v.entry(r, denied, 0))
		}
		n, err := fn(tx)
		if err != nil {
			return err
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, n))
	})
	if err == nil {
		err = denied
	}
	return asRead(r, err)
}

// mayReadApart: a view, for a declared purpose, by staff in a role of it or
// a system job, of a subject of the service.
func (v *Vault) mayReadApart(ctx context.Context, tx store.Querier, r Request) error {
	if r.pol == nil {
		return deny(ReasonUnknownPurpose, "no policy in force for service %q", r.Service)
	}
	pu := r.pu
	var err error
	switch {
	case pu == nil:
		return deny(ReasonUnknownPurpose, "purpose %q is not declared", r.Purpose)
	case r.Action != View:
		return deny(ReasonRoleForbidden, "separately kept data is only viewed")
	case r.Actor.Kind == Staff:
		err = staffMay(r.Service, pu, r.Actor)
	case r.Actor.Kind != System:
		err = deny(ReasonRoleForbidden, "only staff of purpose %q reach the data kept apart for it", r.Purpose)
	}
	if err != nil {
		return err
	}
	if svc, err := subjectService(ctx, tx, r.Subject); err != nil || svc != r.Service {
		return deny(ReasonNotOwner, "no such subject in service %q", r.Service)
	}
	return nil
}

type apartRow struct {
	id, purpose, rule, caseID string
	sealed                    []byte
	created, due              int64
}

// readApart opens the subject's records kept for r.Purpose, narrowed to
// the asked items.
func (v *Vault) readApart(ctx context.Context, tx store.Querier, r Request, extra string, args ...any) ([]*Record, error) {
	found, err := store.Collect(ctx, tx, "vault: read separate storage", func(s store.Scanner, a *apartRow) error {
		return s.Scan(&a.id, &a.purpose, &a.rule, &a.caseID, &a.sealed, &a.created, &a.due)
	}, `SELECT id, purpose, rule, case_id, sealed, created_at, due_at FROM pd_separate WHERE subject_id = ? AND serves = ?`+extra+` ORDER BY created_at, id`,
		append([]any{r.Subject, r.Purpose}, args...)...)
	if err != nil {
		return nil, err
	}
	out := make([]*Record, 0, len(found))
	for _, a := range found {
		rec, err := v.openApart(ctx, tx, r, a)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func (v *Vault) openApart(ctx context.Context, tx store.Querier, r Request, a apartRow) (*Record, error) {
	k, err := v.dataKey(ctx, &txn{tx: tx, fresh: map[string][]byte{}}, r.Subject, separateKey(r.Purpose), false)
	if err != nil {
		return nil, err
	}
	plain, err := keys.Open(k, a.sealed, separateAAD(a.id, r.Subject, r.Purpose))
	if err != nil {
		return nil, err
	}
	defer keys.Zero(plain)
	due := fromMicros(a.due)
	l := loaded{Record: Record{ID: a.id, Subject: r.Subject, Purpose: a.purpose, Rule: a.rule, Case: a.caseID,
		Created: fromMicros(a.created), Updated: fromMicros(a.created), Due: &due}}
	if err := json.Unmarshal(plain, &l.all); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: decode record")
	}
	return l.only(r.Items), nil
}
