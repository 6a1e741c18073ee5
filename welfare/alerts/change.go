package alerts

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// Change replaces what the member told the 복지알림이: the family, and the
// situations (nil: none any more, which shreds them and withdraws their
// consent). The run keeps its place, so a child born since the last run
// is alerted as entering 영유아. Everything is checked first; the new family
// is stored before the old one is deleted, so a failure leaves the old one.
func (s *Service) Change(ctx context.Context, actor vault.Actor, subject string, sub Subscription) error {
	p, err := s.parse(sub)
	if err != nil {
		return err
	}
	if err := s.subscribed(ctx, subject); err != nil {
		return err
	}
	if err := s.replaceFamily(ctx, actor, subject, p); err != nil {
		return err
	}
	return s.replaceSituations(ctx, actor, subject, sub, p)
}

func (s *Service) replaceFamily(ctx context.Context, actor vault.Actor, subject string, p *parsed) error {
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeFamily, Subject: subject, Items: familyItems, Action: vault.View}
	old, err := s.cfg.Vault.List(ctx, req)
	if err != nil {
		return err
	}
	put := req
	put.Action = vault.Input
	put.Then = func(ctx context.Context, tx store.Querier) error { return recheckNow(ctx, tx, subject) }
	if _, err := s.cfg.Vault.PutMany(ctx, put, PurposeFamily, p.family); err != nil {
		return err
	}
	req.Action, req.Items = vault.Delete, nil
	for _, r := range old {
		if err := s.cfg.Vault.Delete(ctx, req, r.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) replaceSituations(ctx context.Context, actor vault.Actor, subject string, sub Subscription, p *parsed) error {
	if _, err := s.cfg.Vault.Shred(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeProfile, Subject: subject}); err != nil {
		return err
	}
	if p.extra == nil {
		for _, scope := range profileScopes {
			if err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, scope); err != nil && errs.Code(err) != errs.NotFound {
				return err
			}
		}
		return nil
	}
	if err := s.give(ctx, actor, subject, sub.SituationsConsentText, profileScopes...); err != nil {
		return err
	}
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeProfile, Subject: subject, Action: vault.Input}
	_, err := s.cfg.Vault.Put(ctx, req, PurposeProfile, p.extra)
	return err
}
