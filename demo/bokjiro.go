package demo

import (
	"context"
	"crypto/rand"

	"jikimi/errs"
	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/partners/socialsecurity"
	"jikimi/vault"
	"jikimi/welfare/alerts"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
	"jikimi/welfare/members"
)

// The demo Bokjiro member joins as anyone would (welfare/members), links
// the social-security system with an all-zeros RRN, and subscribes to the
// 복지알림이 with a child who turns 6 tomorrow, so the next day's alert run
// has a new life stage (영유아 → 아동) to tell.
const (
	bokjiroLogin = "demo_bokjiro1"
	demoConsent  = "데모 동의 (가상): 회원정보 수집·이용"
)

// seedBokjiro needs the clock (the child's birth date), the citizen
// accounts (the password's hash) and the SQL of the alert run's state;
// without them it seeds nothing.
func seedBokjiro(ctx context.Context, d Deps, c *Credentials) error {
	if d.SQL == nil || d.Clock == nil || d.Accounts == nil || d.Jobs == nil {
		return nil
	}
	pw := "demo-" + rand.Text()
	mem, err := members.New(members.Config{Vault: d.Vault, Hasher: d.Accounts, Clock: d.Clock, SMS: unsent{}, Social: unsent{},
		Identity: demoIdentity{identity.Identity{Claim: identity.Claim{Name: "정가상", BirthDate: "1990-01-01", Sex: "F", Mobile: "010-0000-0006"}}}})
	if err != nil {
		return err
	}
	m, err := mem.Join(ctx, "127.0.0.1", members.Application{Name: "정가상", UserID: bokjiroLogin, Password: pw,
		Email: "bokjiro1@example.invalid", Mobile: "010-0000-0006", ConsentText: demoConsent})
	if err != nil {
		return err
	}
	me := vault.Actor{Kind: vault.Subject, ID: m.Subject, Source: "127.0.0.1"}
	link := members.Link{RRN: "900101-2000006", Verification: demoVerification, Address: "가상로 1길 0, 000호", ConsentText: "데모 별도 동의 (가상): 주민등록번호·상세주소"}
	if err := mem.LinkSocialSecurity(ctx, me, m.Subject, link); err != nil {
		return err
	}
	if err := subscribeAlerts(ctx, d, me, m.Subject); err != nil {
		return err
	}
	c.Citizens = append(c.Citizens, Citizen{Label: "bokjiro member", Service: members.ServiceName, Subject: m.Subject, Login: bokjiroLogin, Password: pw})
	return nil
}

func subscribeAlerts(ctx context.Context, d Deps, me vault.Actor, subject string) error {
	cat, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		return err
	}
	al, err := alerts.New(alerts.Config{Vault: d.Vault, SQL: d.SQL, Clock: d.Clock, Catalogue: cat, Email: unsent{}, SMS: unsent{}, Jobs: d.Jobs})
	if err != nil {
		return err
	}
	child := civil.InSeoul(d.Clock.Now().AddDate(-6, 0, 1))
	return al.Subscribe(ctx, me, subject, alerts.Subscription{
		Family: []alerts.FamilyMember{
			{Relation: "본인", Name: "정가상", Birth: "1988-05-05", Sex: "여"},
			{Relation: "자녀", Name: "정가상아이", Birth: child.String(), Sex: "남"},
		},
		Situations:            &alerts.Situations{Family: []string{"한부모"}, Interests: []string{"교육(보육포함)"}},
		ConsentText:           "데모 동의 (가상): 생애주기별 복지알림이",
		SituationsConsentText: "데모 별도 동의 (가상): 가족상황·관심분야",
	})
}

// unsent stands for the outside systems while seeding, which needs none.
type unsent struct{}

func (unsent) Send(context.Context, string, notify.Message) error {
	return errs.E(errs.Unavailable, "demo: seeding sends nothing")
}

func (unsent) Overview(context.Context, string, string) (socialsecurity.Overview, error) {
	return socialsecurity.Overview{}, errs.E(errs.Unavailable, "demo: seeding looks nothing up")
}

// demoIdentity stands in for the identity-verification service while the
// demo is seeded: it confirms the synthetic demo member, under one
// verification ID, and no one else.
type demoIdentity struct{ who identity.Identity }

const demoVerification = "ver_demo_seed"

func (demoIdentity) Start(context.Context, string, identity.Claim) (string, error) {
	return "", errs.E(errs.Unavailable, "demo: seeding starts no verification")
}

func (d demoIdentity) Result(_ context.Context, id string) (identity.Identity, error) {
	if id != demoVerification {
		return identity.Identity{}, errs.E(errs.Invalid, "demo: unknown verification")
	}
	return d.who, nil
}
