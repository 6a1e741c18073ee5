package enrol

import (
	"context"

	"jikimi/vault"
)

// Withdraw ends a participant's participation. It records the withdrawal,
// the event the duplicate-prevention rule waits for (the CI moves into
// separate storage and is kept 5 years, for duplicate prevention only) and
// that ends the enrolment, health-service and city-info rules (2 years, or
// until withdrawal: their purposes are achieved, seed 000 제7조①), so the
// next daily destruction run plans their records for the officer;
// withdraws every consent, so nothing is used any more; destroys the
// delivery details at once if the watch was never linked (their purpose is
// gone, and their rule waits for a linkage that will not come); revokes
// the watches and ends the sessions. Withdrawing again finishes what an
// interruption left.
func (s *Service) Withdraw(ctx context.Context, subject, source string) error {
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: source}
	ev := vault.RetentionEvent{Event: "withdrawal", At: s.now()}
	if _, err := s.cfg.Vault.Event(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject}, ev); err != nil {
		return err
	}
	if err := s.withdrawConsents(ctx, self, subject); err != nil {
		return err
	}
	req := vault.Request{Actor: system(source), Service: ServiceName, Purpose: PurposeDelivery, Subject: subject}
	if _, err := s.cfg.Vault.Shred(ctx, req); err != nil {
		return err
	}
	if err := s.cfg.Devices.RevokeAll(ctx, subject); err != nil {
		return err
	}
	return s.cfg.Accounts.EndSessions(ctx, subject)
}

func (s *Service) withdrawConsents(ctx context.Context, self vault.Actor, subject string) error {
	given, err := s.cfg.Vault.Consents(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject})
	if err != nil {
		return err
	}
	for _, c := range given {
		if c.Withdrawn != nil {
			continue
		}
		if err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: self, Service: ServiceName, Subject: subject}, c.Scope); err != nil {
			return err
		}
	}
	return nil
}
