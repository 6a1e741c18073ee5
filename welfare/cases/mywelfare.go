package cases

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/partners/insurance"
	"jikimi/vault"
)

// MyWelfare is 나의 복지서비스: the person's records in each
// social-insurance system, shown once and never kept.
type MyWelfare map[insurance.System]map[string]string

// MyWelfare looks the person up in every social-insurance system. The gate
// decides and logs the access first, with every item it brings in; nothing
// is stored, so nothing remains once the answer is returned. A system that
// does not answer makes the whole look-up unavailable: nothing half-shown.
func (c *Cases) MyWelfare(ctx context.Context, a vault.Actor, name, rrn string) (MyWelfare, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	_, in, err := c.cleaned(purposeMyWelfare, Items{"name": name, "rrn": rrn})
	if err != nil {
		return nil, err
	}
	if len(in) != 2 {
		return nil, bad("missing_required_items", "required items missing: name, rrn")
	}
	items := []string{"name", "rrn"}
	for _, sys := range insurance.Systems {
		items = append(items, insurance.Items[sys]...)
	}
	slices.Sort(items)
	if err := c.cfg.Vault.Pass(ctx, request(a, a.ID, purposeMyWelfare, vault.Input, items...)); err != nil {
		return nil, err
	}
	out := MyWelfare{}
	for _, sys := range insurance.Systems {
		l := c.cfg.Insurance[sys]
		if l == nil {
			return nil, errs.E(errs.Unavailable, "the %s system is not connected", sys)
		}
		got, err := l.Lookup(ctx, in["rrn"])
		if err != nil {
			return nil, errs.Wrap(errs.Unavailable, err, "the %s system did not answer", sys)
		}
		out[sys] = got
	}
	return out, nil
}
