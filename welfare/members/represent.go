package members

import (
	"context"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/vault"
)

// representer is how the membership service reads a member's recorded
// legal representative for a rights request.
var representer = vault.Actor{Kind: vault.System, ID: "members-representative", Source: "127.0.0.1"}

// Represents checks a legal representative's standing to make a rights
// request for a member (Act 38(1)): verification is "ID:CODE" of a
// representative verification (StartVerification) whose code went to the
// representative's mobile recorded at sign-up, proved again now. minor is
// whether the member's membership still rests on the representative's
// consent: once the member consents themself (from 14), it does not, and
// the representative no longer acts for them.
func (s *Service) Represents(ctx context.Context, service, subject, verification string, _ time.Time) (bool, error) {
	if service != ServiceName {
		return false, errs.E(errs.NotFound, "members: no representatives in this service")
	}
	id, code, ok := strings.Cut(verification, ":")
	if !ok || id == "" || code == "" {
		return false, invalid("representative_unverified", "법정대리인 인증번호가 필요합니다 (a representative verification is ID:CODE)")
	}
	mobile, err := s.representativeMobile(ctx, subject)
	if err != nil {
		return false, err
	}
	if err := s.reps.check(id, mobile, code); err != nil {
		return false, err
	}
	s.reps.drop(id)
	cs, err := s.cfg.Vault.Consents(ctx, vault.Request{Actor: representer, Service: ServiceName, Subject: subject})
	if err != nil {
		return false, err
	}
	byRep, own := false, false
	for _, c := range cs {
		if c.Scope == "purpose:"+PurposeMember && c.Withdrawn == nil {
			byRep, own = byRep || c.Channel == vault.ChannelRepresentative, own || c.Channel != vault.ChannelRepresentative
		}
	}
	return byRep && !own, nil
}

// CallRepresentative sends a new code to the mobile number of the legal
// representative recorded for the member at sign-up (read through the
// gate, logged) and returns the verification's ID: the representative
// proves their standing for a request made on paper, by e-mail or by fax
// by giving the code back (Represents checks "ID:CODE"). A member with no
// representative recorded is not found.
func (s *Service) CallRepresentative(ctx context.Context, subject string) (string, error) {
	mobile, err := s.representativeMobile(ctx, subject)
	if err != nil {
		return "", err
	}
	return s.StartVerification(ctx, mobile)
}

// representativeMobile is the representative's mobile number recorded at
// sign-up; not found when none is.
func (s *Service) representativeMobile(ctx context.Context, subject string) (string, error) {
	req := vault.Request{Actor: representer, Service: ServiceName, Purpose: PurposeMember, Subject: subject, Items: []string{"rep_mobile"}, Action: vault.View}
	recs, err := s.cfg.Vault.List(ctx, req)
	if err != nil {
		return "", err
	}
	mobile := ""
	for _, r := range recs {
		if m := r.Values["rep_mobile"]; m != "" {
			mobile = m
		}
	}
	if mobile == "" {
		return "", errs.E(errs.NotFound, "members: no legal representative recorded")
	}
	return mobile, nil
}
