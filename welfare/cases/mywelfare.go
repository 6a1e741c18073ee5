package cases

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/partners/insurance"
	"jikimi/vault"
	"jikimi/welfare/members"
)

// MyWelfare is 나의 복지서비스: the person's records in each
// social-insurance system, shown once and never kept.
type MyWelfare map[insurance.System]map[string]string

// Prover binds a look-up to the member's own verified identity
// (members.Service.Prove): a verification of someone else, or an RRN that
// is not the verified person's, is refused and logged.
type Prover interface {
	Prove(ctx context.Context, r vault.Request, verification, rrn string) (members.Proof, error)
}

// MyWelfare looks the member up in every social-insurance system, by the
// RRN of the person their identity verification confirmed and no one
// else's. The gate decides and logs the access first, with every item it
// brings in; nothing is stored, so nothing remains once the answer is
// returned. A system that does not answer makes the whole look-up
// unavailable: nothing half-shown.
func (c *Cases) MyWelfare(ctx context.Context, a vault.Actor, verification, rrn string) (MyWelfare, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	if c.cfg.Identity == nil {
		return nil, errs.E(errs.Unavailable, "identity verification is not connected")
	}
	items := []string{"name", "rrn"}
	for _, sys := range insurance.Systems {
		items = append(items, insurance.Items[sys]...)
	}
	slices.Sort(items)
	req := request(a, a.ID, purposeMyWelfare, vault.Input, items...)
	me, err := c.cfg.Identity.Prove(ctx, req, verification, rrn)
	if err != nil {
		return nil, err
	}
	if _, _, err := c.cleaned(purposeMyWelfare, Items{"name": me.Name, "rrn": me.RRN}); err != nil {
		return nil, err
	}
	if err := c.cfg.Vault.Pass(ctx, req); err != nil {
		return nil, err
	}
	out := MyWelfare{}
	for _, sys := range insurance.Systems {
		l := c.cfg.Insurance[sys]
		if l == nil {
			return nil, errs.E(errs.Unavailable, "the %s system is not connected", sys)
		}
		got, err := l.Lookup(ctx, me.RRN)
		if err != nil {
			return nil, errs.Wrap(errs.Unavailable, err, "the %s system did not answer", sys)
		}
		out[sys] = got
	}
	return out, nil
}
