package policy_test

import (
	"strings"
	"testing"
	"time"

	"jikimi/policies"
	"jikimi/policy"
)

func TestCheckIDs(t *testing.T) {
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	good := policy.IDs{Package: "example", Service: "seoul-healthcare",
		Purposes: []string{"enrolment", "health-service"}, Items: []string{"health-service/weight"},
		Rules: []string{"enrolment/enrolment"}, Scopes: []string{"purpose:health-service", "sensitive:health-service", "provision:korea-body-info"},
		Provisions: []string{"shinhan-card"}, Roles: []string{"counsellor"}}
	if err := policy.CheckIDs(reg, now, good); err != nil {
		t.Fatalf("declared IDs refused: %v", err)
	}
	bad := policy.IDs{Package: "example", Service: "seoul-healthcare",
		Purposes: []string{"enrolment", "enrollment"}, Items: []string{"health-service/wieght", "nowhere/weight"},
		Rules: []string{"enrolment/forever"}, Scopes: []string{"purpose:health-servic", "provision:nobody", "whatever:enrolment"},
		Provisions: []string{"shinhan"}, Roles: []string{"counselor"}}
	notRun := policy.IDs{Package: "other", Service: "no-such-service", Purposes: []string{"anything"}}
	if err := policy.CheckIDs(reg, now, good, notRun); err != nil {
		t.Fatalf("a service without a policy is not run, and not checked: %v", err)
	}
	notYet := policy.IDs{Package: "early", Service: "bokjiro"}
	if err := policy.CheckIDs(reg, time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), notYet); err == nil || !strings.Contains(err.Error(), `early: service "bokjiro" has no policy in force`) {
		t.Errorf("a service before its first version: %v", err)
	}
	err = policy.CheckIDs(reg, now, good, bad, notRun)
	if err == nil {
		t.Fatal("IDs the policy does not declare were accepted")
	}
	for _, want := range []string{`example: purpose "enrollment"`, `example: item "health-service/wieght"`, `example: item "nowhere/weight"`,
		`example: retention rule "enrolment/forever"`, `example: consent scope "purpose:health-servic"`, `example: consent scope "provision:nobody"`,
		`example: consent scope "whatever:enrolment"`, `example: provision "shinhan"`, `example: role "counselor"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not name %s:\n%v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "\n"); n != 9 {
		t.Errorf("%d lines named, want 9 (nothing declared named):\n%v", n, err)
	}
}

// Provision finds a provision by its ID, and nothing for an ID only like it.
func TestProvision(t *testing.T) {
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := reg.Current("seoul-healthcare", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	if !ok {
		t.Fatal("no seoul-healthcare policy in force")
	}
	if pr := p.Provision("shinhan-card"); pr == nil || pr.ID != "shinhan-card" {
		t.Errorf("Provision(shinhan-card) = %+v", pr)
	}
	if pr := p.Provision("shinhan"); pr != nil {
		t.Errorf("Provision(shinhan) = %+v, want nil", pr)
	}
}
