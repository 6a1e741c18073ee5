package demo

import (
	"context"
	"crypto/rand"
	"fmt"

	"jikimi/staff"
	"jikimi/vault"
)

// demoStaff are the demo accounts after the admin: label, login, role.
var demoStaff = []struct {
	label, login string
	role         staff.Role
}{
	{"caseworker", "demo.caseworker", staff.Caseworker},
	{"privacy officer", "demo.officer", staff.PrivacyOfficer},
	{"health operator", "demo.operator", staff.HealthOperator},
	{"statistician", "demo.statistician", staff.Statistician}, // the statistics demo (stats.go)
	{"counsellor", "demo.counsellor", staff.Counsellor},
}

func seedStaff(ctx context.Context, s *staff.Service, c *Credentials) error {
	admin, err := s.Create(ctx, staff.NewAccount{Login: "demo.admin", Name: "가상 관리자", Person: "DEMO-0000"})
	if err != nil {
		return err
	}
	id := admin.Account.ID
	if err := s.Grant(ctx, staff.RoleChange{Account: id, Role: staff.Admin, By: staff.Bootstrap, Reason: "demo: first admin"}); err != nil {
		return err
	}
	if err := ready(ctx, s, admin); err != nil {
		return err
	}
	c.Staff = append(c.Staff, login("admin", admin, staff.Admin))
	for i, d := range demoStaff {
		a, err := s.Create(ctx, staff.NewAccount{Login: d.login, Name: "가상 " + d.label, Person: fmt.Sprintf("DEMO-%04d", i+1), By: id})
		if err != nil {
			return err
		}
		if err := s.Grant(ctx, staff.RoleChange{Account: a.Account.ID, Role: d.role, By: id, Reason: "demo"}); err != nil {
			return err
		}
		if err := ready(ctx, s, a); err != nil {
			return err
		}
		c.Staff = append(c.Staff, login(d.label, a, d.role))
	}
	return nil
}

// ready replaces a demo account's initial password, so the printed login
// works at once instead of first asking for a change. A real account keeps
// the rule: its initial password must be changed at the first sign-in.
func ready(ctx context.Context, s *staff.Service, a *staff.Created) error {
	pw := "demo-" + rand.Text()
	if err := s.ChangePassword(ctx, a.Account.ID, a.Password, pw, "127.0.0.1"); err != nil {
		return err
	}
	a.Password = pw
	return nil
}

func login(label string, a *staff.Created, role staff.Role) StaffLogin {
	return StaffLogin{Label: label, Login: a.Account.Login, Password: a.Password, TOTPSecret: a.TOTP.Secret,
		TOTPURI: a.TOTP.URI, Role: string(role), AccountID: a.Account.ID}
}

// person is a demo subject: consents to give and records to store.
type person struct {
	label, service string
	consents       []string
	records        []record
}

type record struct {
	purpose, rule string
	values        map[string]string
}

// demoPeople are obviously synthetic: 가상 in every name, zeros in every number.
var demoPeople = []person{
	{"participant 1", "seoul-healthcare",
		[]string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service", "purpose:duplicate-prevention"},
		[]record{
			{"enrolment", "enrolment", map[string]string{"name": "김가상", "birth_date": "1950-01-01", "sex": "F", "mobile": "010-0000-0001", "residence": "서울특별시 종로구"}},
			{"health-service", "service", map[string]string{"steps": "8200", "weight": "58.0", "height": "157.0"}},
		}},
	{"participant 2", "seoul-healthcare",
		[]string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"},
		[]record{
			{"enrolment", "enrolment", map[string]string{"name": "이가상", "birth_date": "1985-06-15", "sex": "M", "mobile": "010-0000-0002", "residence": "서울특별시 마포구"}},
			{"health-service", "service", map[string]string{"steps": "4100", "heart_rate": "72"}},
		}},
	{"member 1", "bokjiro",
		[]string{"purpose:membership"},
		[]record{
			{"membership", "membership", map[string]string{"name": "박가상", "user_id": "demo_member1", "email": "member1@example.invalid", "mobile": "010-0000-0003"}},
		}},
}

func seedCitizens(ctx context.Context, v *vault.Vault, c *Credentials) error {
	seeder := vault.Actor{Kind: vault.System, ID: "demo", Source: "127.0.0.1"}
	for _, p := range demoPeople {
		id, err := v.NewSubject(ctx, vault.Request{Actor: seeder, Service: p.service})
		if err != nil {
			return err
		}
		self := vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
		for _, scope := range p.consents {
			if _, err := v.Give(ctx, vault.Request{Actor: self, Service: p.service, Subject: id}, vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "데모 동의: " + scope}); err != nil {
				return err
			}
		}
		for _, r := range p.records {
			req := vault.Request{Actor: self, Service: p.service, Purpose: r.purpose, Subject: id, Action: vault.Input}
			if _, err := v.Put(ctx, req, r.rule, r.values); err != nil {
				return err
			}
		}
		c.Citizens = append(c.Citizens, Citizen{Label: p.label, Service: p.service, Subject: id})
	}
	return nil
}
