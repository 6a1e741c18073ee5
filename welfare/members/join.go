package members

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/input"
	"jikimi/keys"
	"jikimi/password"
	"jikimi/vault"
)

// Application is a sign-up as the form sends it.
type Application struct {
	Name        string
	UserID      string
	Password    string
	Email       string
	Mobile      string
	Under14     bool            // the applicant says they are under 14
	Rep         *Representative // required when Under14
	ConsentText string          // the consent text shown, recorded in the ledger
}

// Representative is a legal representative (법정대리인) and the proof of
// their consent: the verification StartVerification began and its code.
type Representative struct {
	Name         string
	Mobile       string
	Email        string
	Verification string
	Code         string
}

// Member is a joined member.
type Member struct {
	Subject string // the opaque subject ID
	UserID  string // normalised
	Minor   bool
}

// joining is an application checked and normalised.
type joining struct {
	values map[string]string
	login  string
	minor  bool
	rep    *Representative
}

const maxName = 50

// check validates every field before anything is written.
func check(a Application) (*joining, error) {
	j := &joining{values: map[string]string{}, minor: a.Under14}
	name, err := checkName(a.Name, "invalid_name", "성명")
	if err != nil {
		return nil, err
	}
	if j.login, err = keys.NormalizeLogin(a.UserID); err != nil {
		return nil, invalid("invalid_user_id", "아이디는 영문자로 시작하는 4~20자의 영문자·숫자·_ 입니다 (malformed login ID)")
	}
	if err := password.CheckStrength(a.Password); err != nil {
		return nil, invalid("weak_password", "%s", err.Error())
	}
	email, err := keys.NormalizeEmail(a.Email)
	if err != nil {
		return nil, invalid("invalid_email", "이메일 주소 형식이 올바르지 않습니다 (malformed e-mail address)")
	}
	mobile, err := keys.NormalizeMobile(a.Mobile)
	if err != nil {
		return nil, invalid("invalid_mobile", "휴대전화 번호 형식이 올바르지 않습니다 (malformed mobile number)")
	}
	if strings.TrimSpace(a.ConsentText) == "" {
		return nil, invalid("consent_text_missing", "a sign-up records the consent text shown")
	}
	j.values = map[string]string{"name": name, "user_id": j.login, "email": email, "mobile": mobile}
	return j, j.checkRep(a)
}

func checkName(s, reason, label string) (string, error) {
	n := strings.TrimSpace(s)
	if n == "" || utf8.RuneCountInString(n) > maxName || !input.Line(n) {
		return "", invalid(reason, "%s은(는) 1~%d자로 입력해 주세요 (%s: 1 to %d characters)", label, maxName, reason, maxName)
	}
	return n, nil
}

// checkRep: a member under 14 names a representative; only they do.
func (j *joining) checkRep(a Application) error {
	if !a.Under14 {
		if a.Rep != nil {
			return invalid("representative_unexpected", "법정대리인 정보는 만 14세 미만 가입자만 입력합니다 (a representative is only for members under 14)")
		}
		return nil
	}
	if a.Rep == nil {
		return invalid("representative_required", "만 14세 미만은 법정대리인의 동의가 필요합니다 (a member under 14 needs a verified legal representative, Act 22-2)")
	}
	name, err := checkName(a.Rep.Name, "invalid_representative_name", "법정대리인 성명")
	if err != nil {
		return err
	}
	mobile, err := keys.NormalizeMobile(a.Rep.Mobile)
	if err != nil {
		return invalid("invalid_representative_mobile", "법정대리인 휴대전화 번호 형식이 올바르지 않습니다 (malformed representative mobile number)")
	}
	email, err := keys.NormalizeEmail(a.Rep.Email)
	if err != nil {
		return invalid("invalid_representative_email", "법정대리인 이메일 주소 형식이 올바르지 않습니다 (malformed representative e-mail address)")
	}
	j.values["rep_name"], j.values["rep_mobile"], j.values["rep_email"] = name, mobile, email
	j.rep = a.Rep
	return nil
}

// Join signs a member up. Every field, the login ID's uniqueness and, for a
// member under 14, the representative's verification are checked before
// anything is written; a failure after the subject exists shreds it, so a
// refused sign-up leaves nothing behind.
func (s *Service) Join(ctx context.Context, source string, a Application) (*Member, error) {
	j, err := check(a)
	if err != nil {
		return nil, err
	}
	if err := s.unused(ctx, j.login); err != nil {
		return nil, err
	}
	if s.checked != nil {
		s.checked()
	}
	if j.minor {
		if err := s.reps.check(j.rep.Verification, j.values["rep_mobile"], j.rep.Code); err != nil {
			return nil, err
		}
	}
	if j.values["password"], err = s.cfg.Hasher.HashPassword(ctx, a.Password); err != nil {
		return nil, err
	}
	subject, err := s.cfg.Vault.NewSubject(ctx, vault.Request{Actor: system, Service: ServiceName})
	if err != nil {
		return nil, err
	}
	if err := s.store(ctx, subject, source, j, a.ConsentText); err != nil {
		if _, undo := s.cfg.Vault.ShredSubject(ctx, vault.Request{Actor: system, Service: ServiceName, Subject: subject}); undo != nil {
			return nil, errs.Wrap(errs.Internal, undo, "members: undoing a failed sign-up")
		}
		return nil, raced(err)
	}
	if j.minor {
		s.reps.drop(j.rep.Verification)
	}
	return &Member{Subject: subject, UserID: j.login, Minor: j.minor}, nil
}

// unused refuses a login ID another member has.
func (s *Service) unused(ctx context.Context, login string) error {
	found, err := s.cfg.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeMember}, keys.KindLogin, login)
	if err != nil {
		return err
	}
	if len(found) > 0 {
		return userIDTaken()
	}
	return nil
}

func userIDTaken() error {
	return errs.WithReason(errs.Conflict, "duplicate_user_id", "이미 사용 중인 아이디입니다 (login ID already taken)")
}

// raced is err, except that the gate's refusal of a login ID another
// sign-up took meanwhile reads as the look-up's refusal would have.
func raced(err error) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Reason == vault.ReasonLoginTaken {
		return userIDTaken()
	}
	return err
}

// store records the consent, the membership record and its blind indexes.
func (s *Service) store(ctx context.Context, subject, source string, j *joining, text string) error {
	me := self(subject, source)
	c := vault.Consent{Scope: "purpose:" + PurposeMember, Channel: vault.ChannelWeb, Text: text}
	if j.minor {
		c.Channel, c.Minor, c.Representative = vault.ChannelRepresentative, true, MethodSMS
	}
	if _, err := s.cfg.Vault.Give(ctx, vault.Request{Actor: me, Service: ServiceName, Subject: subject}, c); err != nil {
		return err
	}
	req := vault.Request{Actor: me, Service: ServiceName, Purpose: PurposeMember, Subject: subject, Action: vault.Input}
	if _, err := s.cfg.Vault.Put(ctx, req, ruleMembership, j.values); err != nil {
		return err
	}
	for kind, item := range map[string]string{keys.KindLogin: "user_id", keys.KindEmail: "email", keys.KindMobile: "mobile"} {
		req.Items = []string{item}
		if err := s.cfg.Vault.Index(ctx, req, kind, j.values[item]); err != nil {
			return err
		}
	}
	return nil
}
