package vault

import (
	"context"
	"strings"

	"jikimi/errs"
	"jikimi/store"
)

// Index kinds: identifiers looked up by exact value through keyed blind
// indexes, never stored in plaintext.
const (
	IndexCI     = "ci"
	IndexRRN    = "rrn"
	IndexMobile = "mobile"
	IndexEmail  = "email"
	IndexLogin  = "login" // a citizen's login name, for login look-ups; unique per service and purpose
)

// ReasonLoginTaken is Index's conflict when another subject holds a login name.
const ReasonLoginTaken = "login_taken"

// Index records the blind index of an identifier item of the subject
// (action input; r.Items names the one item it indexes).
func (v *Vault) Index(ctx context.Context, r Request, kind, value string) error {
	if len(r.Items) != 1 {
		return errs.E(errs.Invalid, "vault: an index names exactly one item")
	}
	digest, err := v.cfg.Index.Index(kind, value)
	if err != nil {
		return err
	}
	r.Action = Input
	return v.do(ctx, r, func(t *txn) (int, error) {
		res, err := t.tx.ExecContext(ctx, `INSERT INTO pd_index (service, kind, digest, subject_id, purpose) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, r.Service, kind, digest, r.Subject, r.Purpose)
		if err != nil {
			return 0, errs.WrapIf(err, "vault: record index")
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return 1, errs.WrapIf(err, "vault: record index")
		}
		return 1, indexedAlready(ctx, t.tx, r, kind, digest)
	})
}

// indexedAlready explains an index row that was not inserted: the same
// row already exists (indexing is idempotent), or — for login names, which
// are unique per service and purpose — another subject holds the name.
func indexedAlready(ctx context.Context, tx store.Querier, r Request, kind string, digest []byte) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_index WHERE service = ? AND kind = ? AND digest = ? AND subject_id = ? AND purpose = ?`,
		r.Service, kind, digest, r.Subject, r.Purpose).Scan(&n)
	if err != nil || n == 1 {
		return errs.WrapIf(err, "vault: record index")
	}
	return &errs.Error{Code: errs.Conflict, Reason: ReasonLoginTaken, Message: "the login name is taken"}
}

// Lookup finds the subjects of r's service whose identifier of the given
// kind equals value, under r's purpose, which r's actor must be allowed to
// use. r names no subject, so the gate checks the purpose and the actor's
// role; the log records the look-up with the number of subjects found and,
// for staff, who must give one, r.Reason.
func (v *Vault) Lookup(ctx context.Context, r Request, kind, value string) ([]string, error) {
	digest, err := v.cfg.Index.Index(kind, value)
	if err != nil {
		return nil, err
	}
	r.Subject, r.Items, r.Action = "-", nil, View
	if err := v.admit(&r); err != nil {
		return nil, err
	}
	r.Subject = ""
	var found []string
	var denied error
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if denied = mayLookup(r); denied != nil {
			return v.cfg.Log.Append(ctx, tx, v.entry(r, denied, 0))
		}
		if r.Actor.Kind == Staff && strings.TrimSpace(r.Reason) == "" {
			return &errs.Error{Code: errs.Invalid, Reason: "search_reason_required", Message: "vault: a staff search says why"}
		}
		if found, err = lookup(ctx, tx, r.Service, r.Purpose, kind, digest); err != nil {
			return err
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, len(found)))
	})
	if err == nil {
		err = denied
	}
	return found, err
}

// mayLookup: staff in a role of the resolved r's purpose, or a system job.
func mayLookup(r Request) error {
	switch {
	case r.pol == nil:
		return errs.E(errs.NotFound, "no policy in force for service %q", r.Service)
	case r.pu == nil:
		return deny(ReasonUnknownPurpose, "purpose %q is not declared", r.Purpose)
	case r.Actor.Kind == System:
		return nil
	case r.Actor.Kind == Staff:
		return staffMay(r.Service, r.pu, r.Actor)
	}
	return deny(ReasonRoleForbidden, "this actor may not look up subjects for purpose %q", r.Purpose)
}

func lookup(ctx context.Context, tx store.Querier, service, purpose, kind string, digest []byte) ([]string, error) {
	return column(ctx, tx, "vault: look up index", `SELECT DISTINCT subject_id FROM pd_index WHERE service = ? AND kind = ? AND digest = ? AND purpose = ? ORDER BY subject_id`,
		service, kind, digest, purpose)
}
