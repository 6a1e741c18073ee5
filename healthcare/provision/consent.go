package provision

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/vault"
)

// Service is the healthcare service's name in the policies.
const Service = "seoul-healthcare"

// Reasons of the errors of this package.
const (
	ReasonConsentMissing   = "provision_consent_missing"
	ReasonUnknownProvision = "unknown_provision"
)

// Consents keeps participants' consents to the provisions of the policy.
type Consents struct {
	Vault    *vault.Vault
	Policies *policy.Registry
	Clock    clock.Clock
}

// Provision returns the provision id of the policy in force.
func (c *Consents) Provision(id string) (*policy.Provision, error) {
	if p, ok := c.Policies.Current(Service, c.Clock.Now()); ok {
		if pr := p.Provision(id); pr != nil {
			return pr, nil
		}
	}
	e := errs.E(errs.NotFound, "제공 대상 %q는 개인정보 처리방침에 없습니다", id)
	e.Reason = ReasonUnknownProvision
	return nil, e
}

// Text is the consent text shown for a provision, built from the policy:
// the recipient, its purpose, the items, the retention, and the right to
// refuse (Act 17(2)). Its SHA-256 is what the ledger keeps.
func Text(pr *policy.Provision) string {
	labels := make([]string, 0, len(pr.Items))
	for _, it := range pr.Items {
		labels = append(labels, pr.ItemLabels[it])
	}
	return fmt.Sprintf("개인정보 제3자 제공 동의\n제공받는 자: %s\n제공받는 자의 이용 목적: %s\n제공 항목: %s\n보유 및 이용 기간: %s\n"+
		"동의를 거부할 권리가 있으며, 거부하시면 해당 서비스를 이용하실 수 없습니다.",
		pr.Recipient, pr.Purpose, strings.Join(labels, ", "), pr.Retention)
}

// Give records the participant's consent to provision id, with the text
// the policy gives it.
func (c *Consents) Give(ctx context.Context, self vault.Actor, subject, id, channel string) error {
	pr, err := c.Provision(id)
	if err != nil {
		return err
	}
	_, err = c.Vault.Give(ctx, vault.Request{Actor: self, Service: Service, Subject: subject}, vault.Consent{Scope: scope(id), Channel: channel, Text: Text(pr)})
	return err
}

// Withdraw withdraws it, at once: no further provision follows.
func (c *Consents) Withdraw(ctx context.Context, self vault.Actor, subject, id string) error {
	if _, err := c.Provision(id); err != nil {
		return err
	}
	return c.Vault.Withdraw(ctx, vault.Request{Actor: self, Service: Service, Subject: subject}, scope(id))
}

// Check answers a clear forbidden error unless the participant's consent
// to provision id is in force.
func (c *Consents) Check(ctx context.Context, self vault.Actor, subject, id string) error {
	pr, err := c.Provision(id)
	if err != nil {
		return err
	}
	given, err := c.Vault.Consents(ctx, vault.Request{Actor: self, Service: Service, Subject: subject})
	if err != nil {
		return err
	}
	if slices.ContainsFunc(given, func(g vault.Consent) bool { return g.Scope == scope(id) && g.Withdrawn == nil }) {
		return nil
	}
	e := errs.E(errs.Forbidden, "%s에 대한 개인정보 제3자 제공 동의가 없거나 철회되었습니다", pr.Recipient)
	e.Reason = ReasonConsentMissing
	return e
}

func scope(id string) string { return "provision:" + id }
