package vault

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"jikimi/policy"
	"jikimi/store"
)

// subjectFacts is what the tables of the decision say of one subject: its
// service, its consent ledger, its suspended purposes and its pending
// corrections. Gated reads decide on a cached copy; it is judged against the
// policy in force at each request, so a new policy version needs no flush.
type subjectFacts struct {
	service    string
	consents   []consentRow        // oldest first
	suspended  []string            // purposes with processing suspended
	correcting map[string][]string // purpose -> items with a correction pending
}

type consentRow struct {
	scope, version string
	withdrawn      bool
}

// loadFacts reads a subject's facts through q (a write's transaction, or
// the reader when a gated read misses the cache); not_found when there is
// no such subject.
func loadFacts(ctx context.Context, q store.Querier, subject string) (*subjectFacts, error) {
	service, err := subjectService(ctx, q, subject)
	if err != nil {
		return nil, err
	}
	f := &subjectFacts{service: service, correcting: map[string][]string{}}
	if f.consents, err = consentRows(ctx, q, subject); err != nil {
		return nil, err
	}
	if f.suspended, err = column(ctx, q, "vault: read suspensions", `SELECT purpose FROM pd_suspensions WHERE subject_id = ? AND lifted_at IS NULL`, subject); err != nil {
		return nil, err
	}
	type correction struct{ purpose, items string }
	cs, err := store.Collect(ctx, q, "vault: read corrections", func(s store.Scanner, c *correction) error {
		return s.Scan(&c.purpose, &c.items)
	}, `SELECT purpose, items FROM pd_corrections WHERE subject_id = ? AND resolved_at IS NULL`, subject)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		f.correcting[c.purpose] = append(f.correcting[c.purpose], splitItems(c.items)...)
	}
	return f, nil
}

func consentRows(ctx context.Context, q store.Querier, subject string) ([]consentRow, error) {
	return store.Collect(ctx, q, "vault: read consents", func(s store.Scanner, c *consentRow) error {
		var withdrawn sql.NullInt64
		err := s.Scan(&c.scope, &c.version, &withdrawn)
		c.withdrawn = withdrawn.Valid
		return err
	}, `SELECT scope, policy_version, withdrawn_at FROM pd_consents WHERE subject_id = ? ORDER BY given_at, id`, subject)
}

// judged is f as the decision sees it for one request under policy p.
func (v *Vault) judged(f *subjectFacts, p *policy.Policy, r Request) facts {
	// A withdrawal ends every consent of its scope in force, so a row not
	// withdrawn is always a later giving: it speaks for the scope, even
	// when both bear the same instant and the order by time cannot tell.
	return facts{
		consent: func(scope string) consentState {
			state, current := consentNone, false
			for _, c := range f.consents {
				if c.scope != scope || c.withdrawn && current {
					continue
				}
				state, current = v.judge(p, c.scope, c.version, c.withdrawn), !c.withdrawn
			}
			return state
		},
		suspended:  slices.Contains(f.suspended, r.Purpose),
		correcting: f.correcting[r.Purpose],
	}
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
		if CoversScope(rc.Scope, scope) {
			return consentOutdated
		}
	}
	return consentGiven
}

// CoversScope maps a diff's reconsent scope ("purpose X", "provision Y") to
// the ledger's scopes ("purpose:X", "sensitive:X", ..., "provision:Y").
func CoversScope(reconsent, scope string) bool {
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
