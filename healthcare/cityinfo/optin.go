package cityinfo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners/notify"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Service and purpose in the policies.
const (
	ServiceName = "seoul-healthcare"
	Purpose     = "city-info"
	rule        = "city-info"
)

// Items are the items a selection matches on; staff never see their values.
var Items = []string{"sex", "birth_date", "residence"}

// Contact is the item city information is sent to: declared from the
// 2026-12-07 version on, copied from the enrolment at opt-in.
const Contact = "mobile"

// Targeting is the city-information service.
type Targeting struct {
	SQL      store.SQL
	Vault    *vault.Vault
	Policies *policy.Registry
	Clock    clock.Clock
	Jobs     *jobs.Queue   // carries the sends' deliveries (Deliver is its handler)
	SMS      notify.Sender // sends them
}

// purpose is city-info in the policy in force.
func (t *Targeting) purpose() (*policy.Purpose, error) {
	p, ok := t.Policies.Current(ServiceName, t.Clock.Now())
	pu := (*policy.Purpose)(nil)
	if ok {
		pu = p.Purpose(Purpose)
	}
	if pu == nil {
		return nil, errs.E(errs.Unavailable, "시정정보 제공은 현재 처리방침에 없습니다")
	}
	return pu, nil
}

// copied are the items an opt-in copies from the enrolment: the ones a
// selection matches on, and the contact where the policy in force declares it.
func (t *Targeting) copied() ([]string, error) {
	pu, err := t.purpose()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(Items)
	if pu.Declares(Contact) {
		out = append(out, Contact)
	}
	return out, nil
}

// ConsentText is the text of the city-information consent, from the policy.
func (t *Targeting) ConsentText() (string, error) {
	pu, err := t.purpose()
	if err != nil {
		return "", err
	}
	names := make([]string, len(pu.Items))
	for i, it := range pu.Items {
		names[i] = it.Name
	}
	var keep []string
	for _, r := range pu.Retention {
		keep = append(keep, r.Text)
	}
	return fmt.Sprintf("[선택] %s 동의\n목적: %s\n항목: %s\n보유 및 이용 기간: %s\n동의하지 않으셔도 서비스 이용에 제한이 없습니다.",
		pu.Title, pu.Description, strings.Join(names, ", "), strings.Join(keep, ", ")), nil
}

// OptIn records the participant's consent, copies their sex, birth date
// and district from the enrolment into a city-info record, and lists them
// as a member, the last two in one transaction.
func (t *Targeting) OptIn(ctx context.Context, self vault.Actor, subject, channel string) error {
	text, err := t.ConsentText()
	if err != nil {
		return err
	}
	items, err := t.copied()
	if err != nil {
		return err
	}
	values, err := t.enrolled(ctx, self, subject, items)
	if err != nil {
		return err
	}
	if _, err := t.Vault.Give(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject}, vault.Consent{Scope: "purpose:" + Purpose, Channel: channel, Text: text}); err != nil {
		return err
	}
	req := t.request(self, subject, vault.Input)
	req.Items = items
	req.Then = func(ctx context.Context, tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hc_cityinfo_members (subject, joined_at) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING`,
			subject, t.Clock.Now().UnixMicro())
		return err
	}
	if _, err = t.Vault.Put(ctx, req, rule, values); err != nil {
		// Nothing was stored: take the consent back, so none is left alone.
		t.Vault.Withdraw(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject}, "purpose:"+Purpose)
		return err
	}
	return nil
}

// enrolled reads the items from the participant's enrolment.
func (t *Targeting) enrolled(ctx context.Context, self vault.Actor, subject string, items []string) (map[string]string, error) {
	recs, err := t.Vault.List(ctx, vault.Request{Actor: self, Service: ServiceName, Purpose: "enrolment", Subject: subject, Items: items, Action: vault.View})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range recs {
		for k, v := range r.Values {
			out[k] = v
		}
	}
	for _, it := range items {
		if out[it] == "" {
			return nil, errs.WithReason(errs.NotFound, "enrolment_incomplete", "가입 정보에 성별, 생년월일, 거주지(와 휴대폰번호)가 모두 있어야 합니다")
		}
	}
	return out, nil
}

// OptOut deletes the participant's city-info records, withdraws the
// consent and ends the membership: no selection finds them any more.
func (t *Targeting) OptOut(ctx context.Context, self vault.Actor, subject string) error {
	recs, err := t.Vault.List(ctx, t.request(self, subject, vault.View))
	if err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	for _, r := range recs {
		if err := t.Vault.Delete(ctx, t.request(self, subject, vault.Delete), r.ID); err != nil {
			return err
		}
	}
	if err := t.Vault.Withdraw(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject}, "purpose:"+Purpose); err != nil {
		return err
	}
	return t.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM hc_cityinfo_members WHERE subject = ?`, subject)
		return err
	})
}

func (t *Targeting) request(actor vault.Actor, subject string, action vault.Action) vault.Request {
	return vault.Request{Actor: actor, Service: ServiceName, Purpose: Purpose, Subject: subject, Items: Items, Action: action}
}
