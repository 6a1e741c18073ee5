package enrol

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault"
)

func normalizeMobile(m string) (string, error) {
	n, err := keys.NormalizeMobile(m)
	if err != nil {
		return "", bad("malformed_mobile", "휴대폰번호 형식이 올바르지 않습니다 (malformed mobile number)")
	}
	return n, nil
}

// verified reads the verification the form names and checks that it
// verified this applicant, and that its CI is well formed; it answers the
// CI in canonical form.
func (s *Service) verified(ctx context.Context, c *checked) (string, error) {
	id, err := s.cfg.Identity.Result(ctx, c.Verification)
	if err != nil {
		return "", err
	}
	mobile, _ := keys.NormalizeMobile(id.Mobile)
	if id.Name != c.Name || id.BirthDate != c.BirthDate || id.Sex != c.Sex || mobile != c.mobile {
		return "", bad("identity_mismatch", "본인확인 결과와 신청 정보가 다릅니다 (the identity verified is not the applicant's)")
	}
	ci, err := keys.NormalizeCI(id.CI)
	if err != nil {
		return "", bad("malformed_ci", "본인확인기관이 보낸 연계정보(CI)가 올바르지 않습니다 (malformed CI from the identity-verification service)")
	}
	return ci, nil
}

// system is the actor of enrolment's look-ups.
func system(source string) vault.Actor {
	return vault.Actor{Kind: vault.System, ID: "enrolment", Source: source}
}

// unique refuses a CI already enrolled (kept 5 years after withdrawal for
// exactly this) and a login ID already taken.
func (s *Service) unique(ctx context.Context, ci, login, source string) error {
	return s.alone(ctx, "", ci, login, source)
}

// alone refuses a CI or login ID indexed for a subject other than self.
// Run again after the writes, it catches an enrolment of the same person
// by another instance that passed its check at the same time: then both
// may undo, and neither is enrolled twice.
func (s *Service) alone(ctx context.Context, self, ci, login, source string) error {
	others := func(purpose, kind, value string) (bool, error) {
		found, err := s.cfg.Vault.Lookup(ctx, vault.Request{Actor: system(source), Service: ServiceName, Purpose: purpose}, kind, value)
		return slices.ContainsFunc(found, func(f string) bool { return f != self }), err
	}
	if dup, err := others(PurposeDuplicate, vault.IndexCI, ci); dup || err != nil {
		if err != nil {
			return err
		}
		return errs.WithReason(errs.Conflict, "duplicate_enrolment", "이미 참여했거나 참여 이력이 있는 분입니다 (duplicate enrolment: this person is or was enrolled)")
	}
	if taken, err := others(PurposeEnrolment, vault.IndexLogin, login); taken || err != nil {
		if err != nil {
			return err
		}
		return errs.WithReason(errs.Conflict, "login_taken", "이미 사용 중인 계정입니다 (login ID taken)")
	}
	return nil
}
