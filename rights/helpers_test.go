package rights

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners"
	"jikimi/partners/bodyinfo"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const healthcare = "seoul-healthcare"

var theOfficer = vault.Actor{Kind: vault.Staff, ID: "stf_officer", Role: OfficerRole, Source: "127.0.0.1"}

// fakeGuardians answers from a table: verification -> minor.
type fakeGuardians map[string]bool

func (g fakeGuardians) Represents(_ context.Context, _, _, verification string, _ time.Time) (bool, error) {
	minor, ok := g[verification]
	if verification == "rep_badcode" { // as 복지로 membership answers a wrong or used code
		return false, errs.E(errs.Invalid, "the code does not match")
	}
	if !ok {
		return false, errs.E(errs.NotFound, "no such verification")
	}
	return minor, nil
}

// fakeIdentities knows the verifications listed.
type fakeIdentities map[string]bool

func (f fakeIdentities) Verified(_ context.Context, v string) (string, error) {
	if !f[v] {
		return "", errs.E(errs.NotFound, "no such verification")
	}
	return "idv_ref_" + v, nil
}

func newService(t testing.TB, e *vaulttest.Env) *Service {
	t.Helper()
	s, _ := newServiceOut(t, e)
	return s
}

// outside are the simulators of the systems the notices go out to: the
// e-mail and SMS gateways and 한국신체정보(주), on 127.0.0.1.
type outside struct {
	notify *notify.Sim // both gateways
	body   *bodyinfo.Sim
}

// newServiceOut is newService with its notices and correction notices
// going out to the simulators it returns.
func newServiceOut(t testing.TB, e *vaulttest.Env) (*Service, *outside) {
	t.Helper()
	out := &outside{body: bodyinfo.NewSim()}
	client := func(name string, sim func(ed25519.PublicKey, clock.Clock) http.Handler) *partners.Client {
		return partnerstest.Client(t, name, sim)
	}
	gw := client("notify", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		out.notify = notify.NewSim(pub, clk)
		return out.notify
	})
	body := client("korea-body-info", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		return partners.Verified(pub, clk, out.body)
	})
	q := jobstest.New(t, e.SQL(), e.Clock)
	s, err := New(Config{Vault: e.Vault, History: e.Log, SQL: e.SQL(), Policies: e.Policies, Clock: e.Clock,
		Guardians: fakeGuardians{"rep_ok": true, "rep_grown": false}, Identities: fakeIdentities{"idv_ok": true}, Jobs: q,
		Contacts: map[string]Contact{
			healthcare: {Name: "손목닥터 9988", Purpose: "enrolment", Mobile: "mobile"},
			"bokjiro":  {Name: "복지로", Purpose: "membership", Mobile: "mobile", Email: "email"},
		},
		SMS: notify.Gateway{Channel: notify.SMS, Client: gw}, Email: notify.Gateway{Channel: notify.Email, Client: gw},
		Recipients: map[string]CorrectionRecipient{"korea-body-info": bodyinfo.HTTP{Client: body}}})
	if err != nil {
		t.Fatal(err)
	}
	jobs.Handle(q, s.Deliver)
	jobs.Handle(q, s.TellRecipient)
	return s, out
}

var healthConsents = []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"}

// participant is a synthetic participant with an enrolment record and a
// health record put in by their device.
// withParticipant runs fn on every driver with a rights service and a
// participant of the healthcare service (participant) on a new database.
func withParticipant(t *testing.T, fn func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor)) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		fn(t, e, newService(t, e), participant(t, e))
	})
}

func participant(t testing.TB, e *vaulttest.Env) vault.Actor {
	t.Helper()
	p := e.Subject(t, healthcare, healthConsents...)
	put := func(actor vault.Actor, purpose, rule string, values map[string]string) {
		t.Helper()
		r := vault.Request{Actor: actor, Service: healthcare, Purpose: purpose, Subject: p.ID, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, r, rule, values); err != nil {
			t.Fatal(err)
		}
	}
	put(p, "enrolment", "enrolment", map[string]string{"name": "김가상", "birth_date": "1950-01-01", "mobile": "010-0000-0001"})
	put(vault.Actor{Kind: vault.Device, ID: "dev_test", Source: "127.0.0.1"}, "health-service", "service", map[string]string{"steps": "8123"})
	return p
}

// entriesAbout is the access log's entries about subject.
func entriesAbout(t testing.TB, e *vaulttest.Env, subject string) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := e.Log.OfSubject(ctx, subject, func(en audit.Entry) error { out = append(out, en); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}
