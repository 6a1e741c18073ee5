package vault

import (
	"context"
	"database/sql"
	"strings"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// facts reads what the ledger, suspensions and corrections say of the
// request's subject and purpose.
func (v *Vault) facts(ctx context.Context, tx store.Querier, p *policy.Policy, r Request) (facts, error) {
	states, err := v.consentStates(ctx, tx, p, r.Subject)
	if err != nil {
		return facts{}, err
	}
	f := facts{consent: func(scope string) consentState { return states[scope] }}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_suspensions WHERE subject_id = ? AND purpose = ? AND lifted_at IS NULL`,
		r.Subject, r.Purpose).Scan(&n)
	if err != nil {
		return facts{}, errs.Wrap(errs.Internal, err, "vault: read suspensions")
	}
	f.suspended = n > 0
	f.correcting, err = pendingCorrections(ctx, tx, r.Subject, r.Purpose)
	return f, err
}

func pendingCorrections(ctx context.Context, tx store.Querier, subject, purpose string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT items FROM pd_corrections WHERE subject_id = ? AND purpose = ? AND resolved_at IS NULL`, subject, purpose)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: read corrections")
	}
	defer rows.Close()
	var items []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "vault: read corrections")
		}
		items = append(items, splitItems(s)...)
	}
	return items, rows.Err()
}

// consentStates reads the latest consent of each scope of a subject and
// judges it against the policy in force: withdrawn, given, or outdated when
// the policy changed since in a way that needs new consent (policy.Compare).
func (v *Vault) consentStates(ctx context.Context, tx store.Querier, p *policy.Policy, subject string) (map[string]consentState, error) {
	rows, err := tx.QueryContext(ctx, `SELECT scope, policy_version, withdrawn_at FROM pd_consents WHERE subject_id = ? ORDER BY given_at, id`, subject)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: read consents")
	}
	defer rows.Close()
	states := map[string]consentState{}
	for rows.Next() {
		var scope, version string
		var withdrawn sql.NullInt64
		if err := rows.Scan(&scope, &version, &withdrawn); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "vault: read consents")
		}
		states[scope] = v.judge(p, scope, version, withdrawn.Valid)
	}
	return states, rows.Err()
}

func (v *Vault) judge(p *policy.Policy, scope, version string, withdrawn bool) consentState {
	switch {
	case withdrawn:
		return consentWithdrawn
	case version == p.Version:
		return consentGiven
	}
	old, ok := v.cfg.Policies.Version(p.Service, version)
	if !ok {
		return consentOutdated // given to a text we no longer hold: ask again
	}
	for _, rc := range v.diff(old, p).Reconsent {
		if coversScope(rc.Scope, scope) {
			return consentOutdated
		}
	}
	return consentGiven
}

// coversScope maps a diff's reconsent scope ("purpose X", "provision Y") to
// the ledger's scopes ("purpose:X", "sensitive:X", ..., "provision:Y").
func coversScope(reconsent, scope string) bool {
	kind, id, _ := strings.Cut(reconsent, " ")
	_, sid, _ := strings.Cut(scope, ":")
	if kind == "provision" {
		return scope == "provision:"+id
	}
	return sid == id && !strings.HasPrefix(scope, "provision:")
}

func (v *Vault) diff(old, cur *policy.Policy) policy.Diff {
	v.mu.Lock()
	defer v.mu.Unlock()
	k := [2]*policy.Policy{old, cur}
	d, ok := v.diffs[k]
	if !ok {
		d = policy.Compare(old, cur)
		v.diffs[k] = d
	}
	return d
}
