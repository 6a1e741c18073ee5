package vault

import (
	"testing"

	"jikimi/errs"
	"jikimi/policies"
	"jikimi/policy"
)

func loadPolicies(t testing.TB) *policy.Registry {
	t.Helper()
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func seoul(t testing.TB) *policy.Policy {
	t.Helper()
	p, ok := loadPolicies(t).Version("seoul-healthcare", "2024-03-04")
	if !ok {
		t.Fatal("no seoul-healthcare 2024-03-04")
	}
	return p
}

// signIn marks r as SignInItems does.
func signIn(r Request) Request {
	r.signIn = true
	return r
}

// consents answers from a fixed map; scopes not in it were never given.
func consents(m map[string]consentState) func(string) consentState {
	return func(s string) consentState { return m[s] }
}

var allHealth = map[string]consentState{
	"purpose:health-service": consentGiven, "sensitive:health-service": consentGiven,
	"purpose:enrolment": consentGiven,
}

func TestDecide(t *testing.T) {
	p := seoul(t)
	operator := Actor{Kind: Staff, ID: "stf_1", Role: "health-operator", Source: "127.0.0.1"}
	owner := Actor{Kind: Subject, ID: "sub_1"}
	req := func(a Actor, purpose string, action Action, items ...string) Request {
		return Request{Actor: a, Service: "seoul-healthcare", Purpose: purpose, Subject: "sub_1", Items: items, Action: action}
	}
	tests := []struct {
		name   string
		r      Request
		f      facts
		reason string // "" for allowed
	}{
		{"operator views weight with consent", req(operator, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ""},
		{"unknown purpose", req(operator, "marketing", View, "weight"), facts{consent: consents(allHealth)}, ReasonUnknownPurpose},
		{"undeclared item", req(operator, "health-service", View, "income"), facts{consent: consents(allHealth)}, ReasonUndeclaredItem},
		{"item of another purpose", req(operator, "health-service", View, "ci"), facts{consent: consents(allHealth)}, ReasonUndeclaredItem},
		{"no consent", req(operator, "health-service", View, "weight"), facts{consent: consents(nil)}, ReasonConsentMissing},
		{"purpose consent but not the separate sensitive one",
			req(operator, "health-service", View, "weight"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentGiven})}, ReasonConsentMissing},
		{"general item needs no sensitive consent",
			req(operator, "health-service", View, "occupation"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentGiven})}, ""},
		{"withdrawn consent", req(operator, "health-service", View, "weight"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentWithdrawn, "sensitive:health-service": consentGiven})}, ReasonConsentWithdrawn},
		{"outdated consent", req(operator, "health-service", View, "weight"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentOutdated, "sensitive:health-service": consentGiven})}, ReasonConsentOutdated},
		{"sign-in under an outdated consent", signIn(req(Actor{Kind: System, ID: "citizen-login"}, "enrolment", View, "name")),
			facts{consent: consents(map[string]consentState{"purpose:enrolment": consentOutdated})}, ""},
		{"sign-in under a withdrawn consent", signIn(req(Actor{Kind: System, ID: "citizen-login"}, "enrolment", View, "name")),
			facts{consent: consents(map[string]consentState{"purpose:enrolment": consentWithdrawn})}, ReasonConsentWithdrawn},
		{"sign-in without consent", signIn(req(Actor{Kind: System, ID: "citizen-login"}, "enrolment", View, "name")),
			facts{consent: consents(nil)}, ReasonConsentMissing},
		{"the same read, not a sign-in, under an outdated consent", req(Actor{Kind: System, ID: "citizen-login"}, "enrolment", View, "name"),
			facts{consent: consents(map[string]consentState{"purpose:enrolment": consentOutdated})}, ReasonConsentOutdated},
		{"operator working for the purpose chosen", req(Actor{Kind: Staff, ID: "stf_1", Role: "health-operator", Purpose: Chosen{"seoul-healthcare", "health-service"}}, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ""},
		{"operator working for another purpose", req(Actor{Kind: Staff, ID: "stf_1", Role: "health-operator", Purpose: Chosen{"seoul-healthcare", "watch-delivery"}}, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ReasonPurposeNotChosen},
		{"operator working for another service's purpose of the same name", req(Actor{Kind: Staff, ID: "stf_1", Role: "health-operator", Purpose: Chosen{"bokjiro", "health-service"}}, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ReasonPurposeNotChosen},
		{"wrong role", req(Actor{Kind: Staff, ID: "stf_2", Role: "caseworker"}, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ReasonRoleForbidden},
		{"suspended", req(operator, "health-service", View, "weight"), facts{consent: consents(allHealth), suspended: true}, ReasonSuspended},
		{"correction pending on the item", req(operator, "health-service", View, "weight"), facts{consent: consents(allHealth), correcting: []string{"weight"}}, ReasonCorrectionPending},
		{"correction pending on another item", req(operator, "health-service", View, "height"), facts{consent: consents(allHealth), correcting: []string{"weight"}}, ""},
		{"subject sees own data while suspended", req(owner, "health-service", View, "weight"), facts{consent: consents(allHealth), suspended: true}, ""},
		{"subject may not see another's", Request{Actor: Actor{Kind: Subject, ID: "sub_2"}, Service: "seoul-healthcare", Purpose: "health-service", Subject: "sub_1", Items: []string{"weight"}, Action: View}, facts{consent: consents(allHealth)}, ReasonNotOwner},
		{"device sends steps in", req(Actor{Kind: Device, ID: "dev_1"}, "health-service", Input, "steps"), facts{consent: consents(allHealth)}, ""},
		{"device may not read", req(Actor{Kind: Device, ID: "dev_1"}, "health-service", View, "steps"), facts{consent: consents(allHealth)}, ReasonRoleForbidden},
		{"device may not write enrolment", req(Actor{Kind: Device, ID: "dev_1"}, "enrolment", Input, "name"), facts{consent: consents(allHealth)}, ReasonRoleForbidden},
		{"partner views its provision with consent",
			req(Actor{Kind: Partner, ID: "korea-body-info"}, "health-service", View, "height"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentGiven, "sensitive:health-service": consentGiven, "provision:korea-body-info": consentGiven})}, ""},
		{"partner without provision consent",
			req(Actor{Kind: Partner, ID: "korea-body-info"}, "health-service", View, "height"), facts{consent: consents(allHealth)}, ReasonConsentMissing},
		{"partner asks an item not provided",
			req(Actor{Kind: Partner, ID: "korea-body-info"}, "health-service", View, "weight"), facts{consent: consents(allHealth)}, ReasonUndeclaredItem},
		{"partner unknown", req(Actor{Kind: Partner, ID: "nobody"}, "health-service", View, "height"), facts{consent: consents(allHealth)}, ReasonNoProvision},
		{"correction blocks provision",
			req(Actor{Kind: Partner, ID: "korea-body-info"}, "health-service", View, "height"),
			facts{consent: consents(map[string]consentState{"purpose:health-service": consentGiven, "sensitive:health-service": consentGiven, "provision:korea-body-info": consentGiven}), correcting: []string{"height"}}, ReasonCorrectionPending},
		{"destruction needs no consent and ignores suspension", req(Actor{Kind: System, ID: "retention"}, "health-service", Delete, "weight"), facts{consent: consents(nil), suspended: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.pol, r.pu = p, p.Purpose(r.Purpose)
			err := decide(r, tt.f)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("denied: %v", err)
				}
				return
			}
			e, ok := err.(*errs.Error)
			if !ok || e.Code != errs.Forbidden || e.Reason != tt.reason {
				t.Fatalf("got %v, want forbidden/%s", err, tt.reason)
			}
		})
	}
}

func TestConsentScopesStatuteOnly(t *testing.T) {
	p, _ := loadPolicies(t).Version("bokjiro", "2019-05-02")
	pu := p.Purpose("online-application")
	if pu == nil || pu.Basis.Consent {
		t.Skip("online-application is not statute-only in this declaration")
	}
	if got := ConsentScopes(pu, Actor{Kind: Staff, Role: "caseworker"}, []string{"rrn"}); len(got) != 0 {
		t.Fatalf("statute-only purpose asks consents %v", got)
	}
}

// SignInItems reads for a sign-in only: a system actor viewing named items;
// anything else is refused before the gate is asked.
func TestSignInItemsOnlyForASignIn(t *testing.T) {
	r := Request{Actor: Actor{Kind: System, ID: "citizen-login", Source: "127.0.0.1"}, Service: "bokjiro", Purpose: "membership", Subject: "sub_1",
		Items: []string{"password"}, Action: View}
	subject, write, all := r, r, r
	subject.Actor = Actor{Kind: Subject, ID: "sub_1", Source: "127.0.0.1"}
	write.Action = Change
	all.Items = nil
	for name, bad := range map[string]Request{"a subject": subject, "a change": write, "every item": all} {
		if _, err := (&Vault{}).SignInItems(t.Context(), bad); errs.Code(err) != errs.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}
