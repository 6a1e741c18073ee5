package sim

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/welfare/alerts"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
)

// joinBokjiro signs person n up to 복지로 — through the membership service
// when it is wired — with the optional 행복e음 link.
func (s *sim) joinBokjiro(ctx context.Context, n int, link bool) (*citizen, error) {
	svc := s.cfg.Services.Members
	if svc == nil {
		m, err := s.join(ctx, bokjiro)
		if err != nil {
			return nil, err
		}
		steps := []step{{"membership", "membership", []string{"name", "user_id", "email", "mobile"}}}
		if link {
			steps = append(steps, step{"membership-link", "membership-link", []string{"detailed_address"}})
		}
		return &citizen{member: m, n: n}, s.puts(ctx, m, steps)
	}
	a := members.Application{Name: fmt.Sprintf("박가상%d", n), UserID: fmt.Sprintf("sim_member%d", n), Password: simPassword,
		Email: fmt.Sprintf("member%d@example.invalid", n), Mobile: memberMobile(n),
		ConsentText: "회원정보 수집·이용에 동의합니다 (시뮬레이션)"}
	if s.cfg.Phones != nil && s.chance(s.p.Under14) {
		if err := s.withRepresentative(ctx, n, &a); err != nil {
			return nil, err
		}
	}
	mem, err := svc.Join(ctx, source, a)
	if err != nil {
		return nil, fmt.Errorf("join: %w", err)
	}
	c := &citizen{member: newMember(bokjiro, mem.Subject), n: n}
	if a.Under14 {
		c.rep, link = a.Rep.Mobile, false // a child's 행복e음 link is left to the representative's own visit
	}
	if link {
		ver, err := s.verifyMember(ctx, c)
		if err != nil {
			return nil, err
		}
		l := members.Link{RRN: memberRRN(n), Address: "가상로 1길 0, 000호", Verification: ver,
			ConsentText: "주민등록번호 및 상세주소 수집·이용에 별도로 동의합니다 (시뮬레이션)"}
		if err := svc.LinkSocialSecurity(ctx, c.self, c.subject, l); err != nil {
			return nil, fmt.Errorf("link: %w", err)
		}
	}
	return c, s.learn(ctx, c.member)
}

// subscribeAlertsService signs the member up to the 복지알림이 with a
// synthetic family and, optionally, the situations under their own consent.
func (s *sim) subscribeAlertsService(ctx context.Context, c *citizen, profile bool) error {
	sub := alerts.Subscription{ConsentText: "복지알림이 수집·이용 동의 (시뮬레이션)", Family: []alerts.FamilyMember{
		{Relation: "본인", Name: fmt.Sprintf("박가상%d", c.n), Birth: "1960-01-01", Sex: "여"},
		{Relation: "자녀", Name: "박가상아이", Birth: "2020-03-03", Sex: "남"},
	}}
	if profile {
		sub.Situations = &alerts.Situations{Interests: []string{"보호(돌봄, 요양)지원"}}
		sub.SituationsConsentText = "선택 항목 별도 동의 (시뮬레이션)"
	}
	if err := s.cfg.Services.Alerts.Subscribe(ctx, c.self, c.subject, sub); err != nil {
		return fmt.Errorf("alerts subscribe: %w", err)
	}
	return s.learn(ctx, c.member)
}

// subscribeNewsletterService subscribes the member's e-mail address; the
// subscription is a subject of its own.
func (s *sim) subscribeNewsletterService(ctx context.Context, c *citizen) error {
	id, err := s.cfg.Services.Newsletter.Subscribe(ctx, source, newsletter.Subscription{
		Email: fmt.Sprintf("member%d@example.invalid", c.n), BirthYear: 1960, ConsentText: "뉴스레터 수신 동의 (시뮬레이션)"})
	if err != nil {
		return fmt.Errorf("newsletter subscribe: %w", err)
	}
	c.reader = newMember(bokjiro, id)
	return s.learn(ctx, c.reader)
}

// memberMobile and memberRRN are synthetic member n's mobile number and
// resident registration number (born 1960-01-01, male).
func memberMobile(n int) string { return fmt.Sprintf("010-01%02d-%04d", n/10000, n%10000) }
func memberRRN(n int) string    { return fmt.Sprintf("600101%07d", 1000000+n) }

// verifyMember has the identity-verification simulator confirm member n,
// as the person does before a look-up by their number.
func (s *sim) verifyMember(ctx context.Context, c *citizen) (string, error) {
	cl := identity.Claim{Name: fmt.Sprintf("박가상%d", c.n), BirthDate: "1960-01-01", Sex: "M", Mobile: memberMobile(c.n)}
	id, err := s.cfg.Services.Members.StartIdentity(ctx, fmt.Sprintf("sim-member-%d-%d", c.n, s.cfg.Clock.Now().UnixNano()), cl)
	if err != nil {
		return "", fmt.Errorf("identity verification: %w", err)
	}
	return id, nil
}

// withRepresentative makes member n's application an under-14's, joined
// with the consent of a legal representative (Act 22-2), as the sign-up
// page does: the membership service texts the representative a code,
// which they read on their phone and give back.
func (s *sim) withRepresentative(ctx context.Context, n int, a *members.Application) error {
	mobile := repMobile(n)
	id, err := s.cfg.Services.Members.StartVerification(ctx, mobile)
	if err != nil {
		return fmt.Errorf("join: the representative's code: %w", err)
	}
	code, err := s.readCode(mobile)
	if err != nil {
		return fmt.Errorf("join: %w", err)
	}
	a.Under14 = true
	a.Rep = &members.Representative{Name: fmt.Sprintf("박가상%d보호자", n), Mobile: mobile, Email: fmt.Sprintf("guardian%d@example.invalid", n),
		Verification: id, Code: code}
	return nil
}

// readCode is the code of the last text to the representative's phone at
// mobile, as they read it.
func (s *sim) readCode(mobile string) (string, error) {
	sent := s.cfg.Phones.To(notify.SMS, strings.ReplaceAll(mobile, "-", ""))
	if len(sent) == 0 {
		return "", fmt.Errorf("no text reached the representative's phone")
	}
	code := sixDigits.FindString(sent[len(sent)-1].Body)
	if code == "" {
		return "", fmt.Errorf("the representative's text has no code")
	}
	return code, nil
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

// repMobile is under-14 member n's representative's synthetic mobile.
func repMobile(n int) string { return fmt.Sprintf("010-02%02d-%04d", n/10000, n%10000) }
