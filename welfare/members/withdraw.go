package members

import (
	"context"

	"jikimi/errs"
	"jikimi/vault"
)

// Withdraw ends a membership (회원 탈퇴): it records the retention event
// both membership purposes wait for ("회원 탈퇴 시 까지", so their records fall
// due at once for the destruction run) and withdraws the consents, after
// which the gate gives the membership to no one — logging in included.
func (s *Service) Withdraw(ctx context.Context, actor vault.Actor, subject string) error {
	if err := s.member(ctx, actor, subject); err != nil {
		return err
	}
	ev := vault.RetentionEvent{Event: "withdrawal", At: s.cfg.Clock.Now()}
	if _, err := s.cfg.Vault.Event(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, ev); err != nil {
		return err
	}
	for _, scope := range []string{"unique:" + PurposeLink, "purpose:" + PurposeLink, "purpose:" + PurposeMember} {
		if err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, scope); err != nil && errs.Code(err) != errs.NotFound {
			return err
		}
	}
	return nil
}
