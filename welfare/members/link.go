package members

import (
	"context"
	"strings"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/input"
	"jikimi/keys"
	"jikimi/partners/socialsecurity"
	"jikimi/vault"
)

// Link is the optional part of membership (제1조 1.3): the resident
// registration number and detailed address that link a member to the
// social-security information system.
type Link struct {
	RRN          string
	Address      string
	Verification string // the member's identity verification (StartIdentity): the RRN must be theirs
	ConsentText  string // the separate consent's text (Act 24(1)), recorded in the ledger
}

const maxAddress = 200

func (l Link) check() (map[string]string, error) {
	// Shape only: numbers issued since October 2020 have no check digit.
	rrn, err := keys.NormalizeRRN(l.RRN)
	if err != nil {
		return nil, invalid("malformed_rrn", "주민등록번호 형식이 올바르지 않습니다 (malformed resident registration number)")
	}
	addr := strings.TrimSpace(l.Address)
	if addr == "" || utf8.RuneCountInString(addr) > maxAddress || !input.Line(addr) {
		return nil, invalid("invalid_address", "상세주소는 1~%d자로 입력해 주세요 (detailed address: 1 to %d characters)", maxAddress, maxAddress)
	}
	if strings.TrimSpace(l.ConsentText) == "" {
		return nil, invalid("consent_text_missing", "a link records the consent text shown")
	}
	return map[string]string{"rrn": rrn, "detailed_address": addr}, nil
}

// LinkSocialSecurity records the member's separate consent to the optional
// items and stores them; a member already linked is a conflict (unlink
// first). Everything is checked before anything is written.
func (s *Service) LinkSocialSecurity(ctx context.Context, actor vault.Actor, subject string, l Link) error {
	values, err := l.check()
	if err != nil {
		return err
	}
	if linked, err := s.linkRecord(ctx, actor, subject, "detailed_address"); err != nil && errs.Code(err) != errs.NotFound {
		return err
	} else if linked != nil {
		return errs.WithReason(errs.Conflict, "already_linked", "이미 사회보장정보시스템과 연계되어 있습니다 (already linked)")
	}
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeLink, Subject: subject, Action: vault.Input}
	if _, err := s.Prove(ctx, req, l.Verification, values["rrn"]); err != nil {
		return err
	}
	for _, scope := range []string{"purpose:" + PurposeLink, "unique:" + PurposeLink} {
		c := vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: l.ConsentText}
		if _, err := s.cfg.Vault.Give(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, c); err != nil {
			return err
		}
	}
	if _, err := s.cfg.Vault.Put(ctx, req, ruleLink, values); err != nil {
		return err
	}
	req.Items = []string{"rrn"}
	return s.cfg.Vault.Index(ctx, req, keys.KindRRN, values["rrn"])
}

// member checks that the subject is an active member (has its record).
func (s *Service) member(ctx context.Context, actor vault.Actor, subject string) error {
	_, err := s.Profile(ctx, actor, subject)
	return err
}

// Profile reads the member's own membership record, without the password.
func (s *Service) Profile(ctx context.Context, actor vault.Actor, subject string) (map[string]string, error) {
	return profile(ctx, s.cfg.Vault, actor, subject)
}

func profile(ctx context.Context, v *vault.Vault, actor vault.Actor, subject string) (map[string]string, error) {
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeMember, Subject: subject, Action: vault.View,
		Items: []string{"name", "user_id", "email", "mobile"}}
	recs, err := v.List(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errs.E(errs.NotFound, "not found")
	}
	return recs[0].Values, nil
}

func (s *Service) linkRecord(ctx context.Context, actor vault.Actor, subject, item string) (*vault.Record, error) {
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeLink, Subject: subject, Action: vault.View, Items: []string{item}}
	recs, err := s.cfg.Vault.List(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errs.E(errs.NotFound, "not found")
	}
	return recs[0], nil
}

// Overview asks the social-security information system what the linked
// member can apply for and where their applications stand. Nothing of the
// answer is kept.
func (s *Service) Overview(ctx context.Context, actor vault.Actor, subject string) (socialsecurity.Overview, error) {
	rec, err := s.linkRecord(ctx, actor, subject, "rrn")
	if errs.Code(err) == errs.NotFound {
		return socialsecurity.Overview{}, errs.WithReason(errs.NotFound, "not_linked", "사회보장정보시스템 연계 정보가 없습니다 (not linked)")
	}
	if err != nil {
		return socialsecurity.Overview{}, err
	}
	key, err := s.reps.newID("ov-")
	if err != nil {
		return socialsecurity.Overview{}, err
	}
	return s.cfg.Social.Overview(ctx, key, rec.Values["rrn"])
}

// Unlink withdraws the separate consent and destroys the optional items at
// once: they were never required.
func (s *Service) Unlink(ctx context.Context, actor vault.Actor, subject string) error {
	for _, scope := range []string{"unique:" + PurposeLink, "purpose:" + PurposeLink} {
		if err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: actor, Service: ServiceName, Subject: subject}, scope); err != nil {
			return err
		}
	}
	_, err := s.cfg.Vault.Shred(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeLink, Subject: subject})
	return err
}
