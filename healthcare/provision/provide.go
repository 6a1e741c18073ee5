package provision

import (
	"context"
	"strings"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/vault"
)

// Recipient is a partner's connector: it sends the items of one provision,
// keyed by item ID ("birth_date", "sex", ...), under an idempotency key.
type Recipient interface {
	Provide(ctx context.Context, key string, items map[string]string) error
}

// Provider sends participants' data to the partners it has connectors for.
type Provider struct {
	Consents   *Consents
	Recipients map[string]Recipient // provision ID -> connector
	NewKey     func() (string, error)
}

// Provide gives the participant's items to the recipient of provision id:
// it checks the consent, reads exactly the provision's items through the
// gate as that recipient (each purpose's read logged), and sends them.
func (p *Provider) Provide(ctx context.Context, self vault.Actor, subject, id string) error {
	to, ok := p.Recipients[id]
	if !ok {
		e := errs.E(errs.NotFound, "제공 대상 %q와 연결되어 있지 않습니다", id)
		e.Reason = ReasonUnknownProvision
		return e
	}
	if err := p.Consents.Check(ctx, self, subject, id); err != nil {
		return err
	}
	pr, err := p.Consents.Provision(id)
	if err != nil {
		return err
	}
	items, err := p.read(ctx, pr, subject)
	if err != nil {
		return err
	}
	key, err := p.NewKey()
	if err != nil {
		return err
	}
	return to.Provide(ctx, key, items)
}

// read reads the provision's items, grouped by purpose, as the recipient.
func (p *Provider) read(ctx context.Context, pr *policy.Provision, subject string) (map[string]string, error) {
	out := map[string]string{}
	for purpose, items := range byPurpose(pr.Items) {
		recs, err := p.Consents.Vault.List(ctx, vault.Request{
			Actor:   vault.Actor{Kind: vault.Partner, ID: pr.ID, Source: "127.0.0.1"},
			Service: Service, Purpose: purpose, Subject: subject, Items: items, Action: vault.View,
		})
		if errs.Code(err) == errs.NotFound {
			return nil, missing("제공할 정보를 읽을 수 없습니다")
		}
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			for k, v := range r.Values {
				out[k] = v
			}
		}
	}
	if _, ok := out["system_id"]; !ok && wants(pr, "system_id") {
		out["system_id"] = subject // 시스템고유번호: the ID the system issued at enrolment
	}
	for _, ref := range pr.Items {
		if _, id, _ := strings.Cut(ref, "/"); out[id] == "" {
			return nil, missing("제공할 항목이 아직 등록되지 않았습니다: " + pr.ItemLabels[ref])
		}
	}
	return out, nil
}

// byPurpose splits "purpose/item" references by purpose.
func byPurpose(refs []string) map[string][]string {
	out := map[string][]string{}
	for _, ref := range refs {
		purpose, item, _ := strings.Cut(ref, "/")
		out[purpose] = append(out[purpose], item)
	}
	return out
}

func wants(pr *policy.Provision, item string) bool {
	for _, ref := range pr.Items {
		if strings.HasSuffix(ref, "/"+item) {
			return true
		}
	}
	return false
}

// ReasonItemsMissing: the gate gave fewer items than the provision lists.
const ReasonItemsMissing = "provision_items_missing"

func missing(msg string) error {
	e := errs.E(errs.NotFound, "%s", msg)
	e.Reason = ReasonItemsMissing
	return e
}
