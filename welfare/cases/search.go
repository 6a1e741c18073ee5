package cases

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/welfare/civil"
	"jikimi/welfare/eligibility"
)

// SearchInput is what a person types into 복지서비스 찾기 · 모의계산.
// Amounts are in won (income and premium a month). HouseholdSize is a
// parameter of the calculation, not an item of the purpose, and is never
// kept. Keep is "" (destroyed as soon as the answer is shown) or one of the
// periods the policy offers with consent ("1m", "3m").
type SearchInput struct {
	Name, RRN, Address, Email string
	HouseholdSize             int
	HealthPremium             int64
	Income                    int64
	Property                  int64
	Debt                      int64
	CarValue                  int64
	Keep                      string
}

// SearchResult is the answer: the benefits matched with their reasons, and,
// when the person consented to keeping the inputs, the record kept and
// until when.
type SearchResult struct {
	*eligibility.Result
	Kept      string      `json:"kept,omitempty"`
	KeptUntil *civil.Date `json:"kept_until,omitempty"`
}

// Search runs the mock calculation. Negative or absurd figures are refused
// field by field (invalid, invalid_input) before anything is recorded.
// Without consent to keep them, the inputs are never stored: the gate
// decides and logs the access, and they are dropped when the answer is
// returned. With consent, they are kept for the period consented to.
func (c *Cases) Search(ctx context.Context, a vault.Actor, in SearchInput) (*SearchResult, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	pu, items, err := c.cleaned(purposeSearch, in.items())
	if err != nil {
		return nil, err
	}
	keep, err := keepPeriod(pu, in.Keep)
	if err != nil {
		return nil, err
	}
	res, err := c.cfg.Criteria.Calculate(in.calculation(), civil.InSeoul(c.now()))
	if err != nil {
		return nil, err
	}
	out := &SearchResult{Result: res}
	r := request(a, a.ID, purposeSearch, vault.Input, slices.Sorted(maps.Keys(items))...)
	if keep.IsZero() {
		return out, c.cfg.Vault.Pass(ctx, r)
	}
	if err := c.consentToKeep(ctx, a, keep); err != nil {
		return nil, err
	}
	if out.Kept, err = c.cfg.Vault.PutRetained(ctx, r, vault.Retain{Rule: pu.Retention[0].ID, Keep: keep}, items); err != nil {
		return nil, err
	}
	until := civil.InSeoul(keep.AddTo(c.now()))
	out.KeptUntil = &until
	return out, nil
}

// items are the declared items of a search. The figures are carried
// as typed when valid; the calculation checks their range. Empty strings
// are left for clean to refuse.
func (in SearchInput) items() Items {
	return Items{"name": in.Name, "rrn": in.RRN, "address": in.Address, "email": in.Email,
		"health_insurance_premium": strconv.FormatInt(in.HealthPremium, 10), "income_info": strconv.FormatInt(in.Income, 10),
		"property_info": strconv.FormatInt(in.Property, 10), "debt_info": strconv.FormatInt(in.Debt, 10),
		"car_value": strconv.FormatInt(in.CarValue, 10)}
}

func (in SearchInput) calculation() eligibility.Input {
	return eligibility.Input{HouseholdSize: in.HouseholdSize, MonthlyIncome: in.Income, Property: in.Property, Debt: in.Debt,
		CarValue: in.CarValue, HealthPremium: in.HealthPremium}
}

// keepPeriod is the consented keeping period, if the rule offers it.
func keepPeriod(pu *policy.Purpose, s string) (policy.Period, error) {
	if s == "" {
		return policy.Period{}, nil
	}
	p, err := policy.ParsePeriod(s)
	if err == nil && slices.Contains(pu.Retention[0].KeepWithConsent, p) {
		return p, nil
	}
	return policy.Period{}, errs.WithReason(errs.Invalid, "keep_not_offered", "keeping the search is offered only for the periods the policy names")
}

// KeepOption is a period the policy in force offers for keeping a search,
// with the consent text a form shows beside it.
type KeepOption struct {
	Value   string // "1m", as SearchInput.Keep takes it
	Label   string // "1개월"
	Consent string // what the person consents to by choosing it
}

// KeepOptions are the keeping periods of the policy in force, in its order.
func (c *Cases) KeepOptions() ([]KeepOption, error) {
	pu, err := c.purpose(purposeSearch)
	if err != nil {
		return nil, err
	}
	var out []KeepOption
	for _, p := range pu.Retention[0].KeepWithConsent {
		out = append(out, KeepOption{Value: p.String(), Label: p.Korean(), Consent: keepText(p)})
	}
	return out, nil
}

// keepText is the consent shown beside the keeping choice, by period.
func keepText(keep policy.Period) string {
	return "복지서비스 찾기에 입력한 정보(성명, 주민등록번호, 주소, 소득·재산 정보 등)를 " + keep.Korean() +
		" 동안 보관하는 데 동의합니다. 보관하지 않으면 결과를 보여 드린 즉시 파기합니다. 동의는 언제든 철회할 수 있으며, 철회하면 보관한 정보를 즉시 파기합니다."
}

// consentToKeep records the person's consent to keep this search: the
// gate keeps nothing past the immediate rule without it.
func (c *Cases) consentToKeep(ctx context.Context, a vault.Actor, keep policy.Period) error {
	_, err := c.cfg.Vault.Give(ctx, vault.Request{Actor: a, Service: Service, Subject: a.ID}, vault.Consent{Scope: vault.KeepScope(purposeSearch), Channel: vault.ChannelWeb, Text: keepText(keep)})
	return err
}

// KeptSearch is one search kept with consent, as its owner sees it: what
// they typed (the items of purpose welfare-search), when, and until when
// it is kept.
type KeptSearch struct {
	ID        string            `json:"id"`
	Items     map[string]string `json:"items"`
	Searched  time.Time         `json:"searched_at"`
	KeptUntil *time.Time        `json:"kept_until,omitempty"`
}

// KeptSearches lists the person's own kept searches, newest first: the
// history the consent to keep them was given for. Read through the gate
// (logged, with every item); a person with none gets an empty list.
func (c *Cases) KeptSearches(ctx context.Context, a vault.Actor) ([]KeptSearch, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	pu, err := c.purpose(purposeSearch)
	if err != nil {
		return nil, err
	}
	var items []string
	for _, it := range pu.Items {
		items = append(items, it.ID)
	}
	recs, err := c.cfg.Vault.List(ctx, request(a, a.ID, purposeSearch, vault.View, items...))
	if errs.Code(err) == errs.NotFound {
		return []KeptSearch{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]KeptSearch, 0, len(recs))
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		out = append(out, KeptSearch{ID: r.ID, Items: r.Values, Searched: r.Created, KeptUntil: r.Due})
	}
	return out, nil
}

// ForgetSearches withdraws the consent to keep searches, which destroys
// every kept search of the person at once.
func (c *Cases) ForgetSearches(ctx context.Context, a vault.Actor) error {
	if err := citizen(a); err != nil {
		return err
	}
	return c.cfg.Vault.Withdraw(ctx, vault.Request{Actor: a, Service: Service, Subject: a.ID}, vault.KeepScope(purposeSearch))
}
