package alerts

import (
	"context"
	"database/sql"
	"errors"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/welfare/civil"
)

// Subscription is a sign-up to the 복지알림이.
type Subscription struct {
	Family                []FamilyMember
	Situations            *Situations // optional, under its own consent
	ConsentText           string      // the text shown for 제1조 2.1
	SituationsConsentText string      // the separate text shown for 제1조 2.2, when Situations are given
}

func (s *Service) today() civil.Date { return civil.InSeoul(s.cfg.Clock.Now()) }

// Subscribe records the member's consents, family and optional situations,
// and starts matching from today: the first alerts are for what changes
// after it. Everything is checked before anything is written.
func (s *Service) Subscribe(ctx context.Context, actor vault.Actor, subject string, sub Subscription) error {
	p, err := s.parse(sub)
	if err != nil {
		return err
	}
	if err := s.mayJoin(ctx, subject); err != nil {
		return err
	}
	if err := s.store(ctx, actor, subject, sub, p); err != nil {
		s.undo(ctx, subject)
		return err
	}
	return nil
}

// parse checks a whole subscription as of today.
func (s *Service) parse(sub Subscription) (*parsed, error) {
	p, err := parse(sub.Family, sub.Situations, s.today())
	switch {
	case err != nil:
		return nil, err
	case sub.ConsentText == "":
		return nil, invalid("consent_text_missing", "a subscription records the consent text shown")
	case p.extra != nil && sub.SituationsConsentText == "":
		return nil, invalid("consent_text_missing", "situations are given under their own consent, whose text is recorded")
	}
	return p, nil
}

// mayJoin: the subject is a member (their contacts can be read) and not yet
// subscribed.
func (s *Service) mayJoin(ctx context.Context, subject string) error {
	if _, err := s.contacts(ctx, subject); err != nil {
		if errs.Code(err) == errs.NotFound {
			return errs.WithReason(errs.NotFound, "not_a_member", "복지로 회원만 신청할 수 있습니다 (members only)")
		}
		return err
	}
	if _, ok, err := s.state(ctx, s.cfg.SQL.Reader(), subject); err != nil || !ok {
		return err
	}
	return errs.WithReason(errs.Conflict, "already_subscribed", "이미 복지알림이를 신청하셨습니다 (already subscribed)")
}

func (s *Service) store(ctx context.Context, actor vault.Actor, subject string, sub Subscription, p *parsed) error {
	if err := s.give(ctx, actor, subject, sub.ConsentText, "purpose:"+PurposeFamily); err != nil {
		return err
	}
	if p.extra != nil {
		if err := s.give(ctx, actor, subject, sub.SituationsConsentText, profileScopes...); err != nil {
			return err
		}
		req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeProfile, Subject: subject, Action: vault.Input}
		if _, err := s.cfg.Vault.Put(ctx, req, PurposeProfile, p.extra); err != nil {
			return err
		}
	}
	start := snapshotRef{Version: s.cfg.Catalogue.Version(), Day: s.today().String()}
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeFamily, Subject: subject, Action: vault.Input,
		Items: familyItems, Then: func(ctx context.Context, tx store.Querier) error { return saveState(ctx, tx, subject, start, "") }}
	_, err := s.cfg.Vault.PutMany(ctx, req, PurposeFamily, p.family)
	return err
}

var (
	familyItems   = []string{"family_birth_date", "family_name", "family_relation", "family_sex"}
	profileScopes = []string{"purpose:" + PurposeProfile, "optional:" + PurposeProfile, "sensitive:" + PurposeProfile}
)

func (s *Service) give(ctx context.Context, actor vault.Actor, subject, text string, scopes ...string) error {
	for _, scope := range scopes {
		c := vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: text}
		if _, err := s.cfg.Vault.Give(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, c); err != nil {
			return err
		}
	}
	return nil
}

// undo takes back a subscription that failed half-way: its records are
// shredded and its consents withdrawn (the ledger keeps both facts).
func (s *Service) undo(ctx context.Context, subject string) {
	for _, purpose := range []string{PurposeFamily, PurposeProfile} {
		s.cfg.Vault.Shred(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: purpose, Subject: subject})
	}
	s.withdrawAll(ctx, subject)
}

func (s *Service) withdrawAll(ctx context.Context, subject string) error {
	for _, scope := range append([]string{"purpose:" + PurposeFamily}, profileScopes...) {
		err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: system, Service: ServiceName, Subject: subject}, scope)
		if err != nil && errs.Code(err) != errs.NotFound {
			return err
		}
	}
	return nil
}

// Unsubscribe records the unsubscription (수신 거부), the retention event
// both purposes' rules wait for, so their records fall due for destruction
// at once; withdraws the consents; and ends the matching.
func (s *Service) Unsubscribe(ctx context.Context, actor vault.Actor, subject string) error {
	if err := s.subscribed(ctx, subject); err != nil {
		return err
	}
	for _, purpose := range []string{PurposeFamily, PurposeProfile} {
		ev := vault.RetentionEvent{Event: "unsubscribe", At: s.cfg.Clock.Now()}
		if _, err := s.cfg.Vault.Event(ctx, vault.Request{Actor: actor, Service: ServiceName, Purpose: purpose, Subject: subject}, ev); err != nil {
			return err
		}
	}
	if err := s.withdrawAll(ctx, subject); err != nil {
		return err
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM bokjiro_alert_state WHERE subject_id = ?`, subject)
		return err
	})
}

// subscribed answers not_found unless the subject is subscribed.
func (s *Service) subscribed(ctx context.Context, subject string) error {
	if _, ok, err := s.state(ctx, s.cfg.SQL.Reader(), subject); err != nil || ok {
		return err
	}
	return errs.WithReason(errs.NotFound, "not_subscribed", "복지알림이 신청 내역이 없습니다 (not subscribed)")
}

// snapshotRef names a catalogue version and a day: a point the matcher saw.
type snapshotRef struct {
	Version string `json:"v"`
	Day     string `json:"d"`
}

func (s *Service) state(ctx context.Context, q store.Querier, subject string) (snapshotRef, bool, error) {
	var r snapshotRef
	err := q.QueryRowContext(ctx, `SELECT catalogue_version, day FROM bokjiro_alert_state WHERE subject_id = ?`, subject).Scan(&r.Version, &r.Day)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// saveState records where the member was last matched and the day from
// which the run looks at them again ("": at the next run).
func saveState(ctx context.Context, tx store.Querier, subject string, at snapshotRef, recheck string) error {
	var on any
	if recheck != "" {
		on = recheck
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO bokjiro_alert_state (subject_id, catalogue_version, day, recheck_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (subject_id) DO UPDATE SET catalogue_version = excluded.catalogue_version, day = excluded.day, recheck_on = excluded.recheck_on`,
		subject, at.Version, at.Day, on)
	return err
}

// recheckNow makes the next run look at the member, whatever day it would
// have waited for: their family changed.
func recheckNow(ctx context.Context, tx store.Querier, subject string) error {
	_, err := tx.ExecContext(ctx, `UPDATE bokjiro_alert_state SET recheck_on = NULL WHERE subject_id = ?`, subject)
	return err
}
