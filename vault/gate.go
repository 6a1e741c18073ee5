package vault

import (
	"context"
	"errors"
	"strings"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// txn is one gated transaction: the SQL handle, and the data keys created in
// it, which join the cache only once it commits.
type txn struct {
	tx    store.Querier
	p     *policy.Policy  // the request's policy in force, once decided
	pu    *policy.Purpose // and its purpose
	fresh map[string][]byte
}

// validate rejects malformed requests before any decision: they are bad
// input, not access attempts.
func validate(r Request) error {
	switch {
	case r.Service == "" || r.Subject == "" || r.Actor.ID == "":
		return errs.E(errs.Invalid, "vault: a request names a service, a subject and an actor")
	case !r.Action.Valid():
		return errs.E(errs.Invalid, "vault: unknown action %q", r.Action)
	case r.Actor.Kind == Staff && r.Actor.Role == "":
		return errs.E(errs.Invalid, "vault: a staff request names a role")
	case r.Actor.Kind == Staff && r.Action == Download && strings.TrimSpace(r.Reason) == "":
		return &errs.Error{Code: errs.Invalid, Reason: "download_reason_required", Message: "vault: a staff download says why (Standard 8(2))"}
	}
	return nil
}

// admit validates r and resolves its policy and purpose: the first step of
// every gated call.
func (v *Vault) admit(r *Request) error {
	if err := validate(*r); err != nil {
		return err
	}
	v.resolve(r)
	return nil
}

// do runs one gated access: in one transaction it decides the request,
// runs fn when allowed, and appends the access-log entry. A denial commits
// only its log entry and returns the denial; a failure of fn rolls back
// everything. count is how many records fn touched, for the log.
func (v *Vault) do(ctx context.Context, r Request, fn func(t *txn) (count int, err error)) error {
	return v.doAfter(ctx, r, nil, fn)
}

// errUndoPre rolls back a denied access whose pre step wrote: the denial's
// log entry is then written in a transaction of its own.
var errUndoPre = errors.New("vault: denied after pre")

// doAfter is do with a step run first in the same transaction, before the
// decision (resolving a correction before the corrected values are written);
// a denial rolls that step back and commits only its log entry.

func (v *Vault) doAfter(ctx context.Context, r Request, pre func(store.Querier) error, fn func(t *txn) (int, error)) error {
	if err := v.admit(&r); err != nil {
		return err
	}
	var denied error
	t := &txn{fresh: map[string][]byte{}}
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		t.tx = tx
		if pre != nil {
			if err := pre(tx); err != nil {
				return err
			}
		}
		if err := v.authorize(ctx, t, r); err != nil {
			denied = err
			if pre != nil {
				return errUndoPre // pre's writes must not outlive a denial
			}
			return v.cfg.Log.Append(ctx, tx, v.entry(r, err, 0))
		}
		n, err := fn(t)
		if err != nil {
			return err
		}
		if r.Then != nil {
			if err := r.Then(ctx, tx); err != nil {
				return err
			}
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, n))
	})
	if errors.Is(err, errUndoPre) {
		err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error { return v.cfg.Log.Append(ctx, tx, v.entry(r, denied, 0)) })
	}
	if err != nil {
		return err
	}
	for name, k := range t.fresh {
		v.keys.put(name, k)
	}
	return denied
}

// authorize reads the facts the decision needs in the transaction and decides.
func (v *Vault) authorize(ctx context.Context, t *txn, r Request) error {
	f, err := loadFacts(ctx, t.tx, r.Subject)
	return v.decideOn(t, r, f, err)
}

// decideOn decides the resolved r on the subject's facts f (err when they
// could not be read), under the service's policy in force.
func (v *Vault) decideOn(t *txn, r Request, f *subjectFacts, err error) error {
	p := r.pol
	if p == nil {
		return deny(ReasonUnknownPurpose, "no policy in force for service %q", r.Service)
	}
	t.p, t.pu = p, r.pu
	switch {
	case errs.Code(err) == errs.NotFound:
		return deny(ReasonNotOwner, "no such subject in service %q", r.Service)
	case err != nil:
		return err
	case f.service != r.Service:
		return deny(ReasonNotOwner, "no such subject in service %q", r.Service)
	}
	return decide(r, v.judged(f, p, r))
}

// entry builds the access-log entry of a request: opaque IDs only.
func (v *Vault) entry(r Request, denial error, count int) audit.Entry {
	e := audit.Entry{
		Time:    v.cfg.Clock.Now(),
		Handler: r.Actor.Handler(),
		Role:    r.Actor.roleName(),
		Source:  r.Actor.Source,
		Subject: r.Subject,
		Service: r.Service,
		Purpose: r.Purpose,
		Items:   r.Items,
		Action:  r.Action,
		Outcome: audit.Allowed,
		Records: int64(count),
	}
	if r.Action == Download || r.Subject == "" {
		e.DownloadReason = r.Reason // a download's reason, or a search's
	}
	if denial != nil {
		e.Outcome, e.Reason = audit.Denied, reasonOf(denial)
	}
	if v.cfg.Decided != nil {
		v.cfg.Decided(e.Outcome, e.Reason)
	}
	return e
}

// roleName is the staff role, or the kind of a non-staff actor.
func (a Actor) roleName() string {
	if a.Kind == Staff {
		return a.Role
	}
	return string(a.Kind)
}

func reasonOf(err error) string {
	var e *errs.Error
	if errors.As(err, &e) && e.Reason != "" {
		return e.Reason
	}
	return errs.Code(err)
}

// asRead turns a denial of a read into "not found", so that existence does
// not leak; writes keep their reason.
func asRead(r Request, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Forbidden {
		return err
	}
	if r.Action == View || r.Action == Print || r.Action == Download {
		return notFound()
	}
	return err
}

func joinItems(items []string) string { return strings.Join(items, ",") }

func splitItems(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
