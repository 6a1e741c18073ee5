package newsletter

import (
	"context"
	"strconv"
	"strings"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault"
	"jikimi/welfare/civil"
)

// The service and purpose of the seed policy this package serves.
const (
	ServiceName = "bokjiro"
	Purpose     = "newsletter"
	oldestYear  = 1900
)

// Service runs the newsletter's subscriptions.
type Service struct {
	vault *vault.Vault
	clk   clock.Clock
	mail  Mailing
}

// New returns the service.
func New(v *vault.Vault, clk clock.Clock) *Service { return &Service{vault: v, clk: clk} }

var system = vault.Actor{Kind: vault.System, ID: "bokjiro-newsletter", Source: "127.0.0.1"}

// Subscription is a sign-up to the newsletter.
type Subscription struct {
	Email       string
	BirthYear   int
	ConsentText string
}

func invalid(reason, msg string) error {
	e := errs.E(errs.Invalid, "%s", msg)
	e.Reason = reason
	return e
}

func (s *Service) check(sub Subscription) (map[string]string, error) {
	email, err := keys.NormalizeEmail(sub.Email)
	if err != nil {
		return nil, invalid("invalid_email", "이메일 주소 형식이 올바르지 않습니다 (malformed e-mail address)")
	}
	if y := civil.InSeoul(s.clk.Now()).Year(); sub.BirthYear < oldestYear || sub.BirthYear > y {
		return nil, invalid("invalid_birth_year", "출생년도는 1900년부터 올해까지입니다 (birth year: 1900 to this year)")
	}
	if strings.TrimSpace(sub.ConsentText) == "" {
		return nil, invalid("consent_text_missing", "a subscription records the consent text shown")
	}
	return map[string]string{"email": email, "birth_year": strconv.Itoa(sub.BirthYear)}, nil
}

// Subscribe records the consent and the two items and returns the
// subscription's ID: a random opaque ID that every newsletter carries in
// its unsubscribe link. An address already subscribed is a conflict.
func (s *Service) Subscribe(ctx context.Context, source string, sub Subscription) (string, error) {
	values, err := s.check(sub)
	if err != nil {
		return "", err
	}
	found, err := s.vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: Purpose}, keys.KindEmail, values["email"])
	if err != nil {
		return "", err
	}
	if len(found) > 0 {
		return "", errs.WithReason(errs.Conflict, "already_subscribed", "이미 구독 중인 이메일 주소입니다 (already subscribed)")
	}
	id, err := s.vault.NewSubject(ctx, vault.Request{Actor: system, Service: ServiceName})
	if err != nil {
		return "", err
	}
	if err := s.store(ctx, id, source, values, sub.ConsentText); err != nil {
		if _, undo := s.vault.ShredSubject(ctx, vault.Request{Actor: system, Service: ServiceName, Subject: id}); undo != nil {
			return "", errs.Wrap(errs.Internal, undo, "newsletter: undoing a failed subscription")
		}
		return "", err
	}
	return id, nil
}

func (s *Service) store(ctx context.Context, id, source string, values map[string]string, text string) error {
	me := vault.Actor{Kind: vault.Subject, ID: id, Source: source}
	c := vault.Consent{Scope: "purpose:" + Purpose, Channel: vault.ChannelWeb, Text: text}
	if _, err := s.vault.Give(ctx, vault.Request{Actor: me, Service: ServiceName, Subject: id}, c); err != nil {
		return err
	}
	req := vault.Request{Actor: me, Service: ServiceName, Purpose: Purpose, Subject: id, Action: vault.Input}
	if _, err := s.vault.Put(ctx, req, Purpose, values); err != nil {
		return err
	}
	req.Items = []string{"email"}
	return s.vault.Index(ctx, req, keys.KindEmail, values["email"])
}

// Of answers the subscription of an e-mail address ("" when it has none),
// for a signed-in member whose own address the caller read through the
// gate: the look-up is by blind index, as the system, and logged.
func (s *Service) Of(ctx context.Context, email string) (string, error) {
	norm, err := keys.NormalizeEmail(email)
	if err != nil {
		return "", invalid("invalid_email", "이메일 주소 형식이 올바르지 않습니다 (malformed e-mail address)")
	}
	found, err := s.vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: Purpose}, keys.KindEmail, norm)
	if err != nil || len(found) == 0 {
		return "", err
	}
	return found[0], nil
}

// Unsubscribe records the unsubscription (the retention event the rule
// waits for) and destroys the subscription at once: data key, record and
// blind index. It takes the signed link every mail carries: an ID whose
// signature does not verify is not_found, like an unknown one, and
// touches nothing (no one can unsubscribe someone else, or learn whether
// an ID exists).
func (s *Service) Unsubscribe(ctx context.Context, source, id, sig string) error {
	if !s.LinkValid(id, sig) {
		return errs.E(errs.NotFound, "구독 정보가 없습니다 (no such subscription)")
	}
	return s.end(ctx, source, id)
}

// UnsubscribeAddress is Unsubscribe for a signed-in member: the
// subscription of their own address (read by the caller through the gate,
// with the member as the actor), without a link; not_found when the
// address has none.
func (s *Service) UnsubscribeAddress(ctx context.Context, source, email string) error {
	id, err := s.Of(ctx, email)
	if err != nil {
		return err
	}
	if id == "" {
		return errs.E(errs.NotFound, "구독 정보가 없습니다 (no such subscription)")
	}
	return s.end(ctx, source, id)
}

func (s *Service) end(ctx context.Context, source, id string) error {
	me := vault.Actor{Kind: vault.Subject, ID: id, Source: source}
	e := vault.RetentionEvent{Event: "unsubscribe", At: s.clk.Now()}
	n, err := s.vault.Event(ctx, vault.Request{Actor: me, Service: ServiceName, Purpose: Purpose, Subject: id}, e)
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.E(errs.NotFound, "구독 정보가 없습니다 (no such subscription)")
	}
	if err := s.vault.Withdraw(ctx, vault.Request{Actor: me, Service: ServiceName, Subject: id}, "purpose:"+Purpose); err != nil {
		return err
	}
	_, err = s.vault.ShredSubject(ctx, vault.Request{Actor: system, Service: ServiceName, Subject: id})
	return err
}
