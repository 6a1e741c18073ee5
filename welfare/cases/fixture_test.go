package cases

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners"
	"jikimi/partners/complaint"
	"jikimi/partners/insurance"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/eligibility"
	"jikimi/welfare/members"
)

var ctx = context.Background()

// rrnOldCheckWrong has the shape of an RRN and a real birth date, and fails
// the pre-2020 check digit (which would be 8): it must be accepted.
const rrnOldCheckWrong = "000101-3000000"

var staffCW = vault.Actor{Kind: vault.Staff, ID: "stf_cw1", Role: CaseworkerRole, Source: "127.0.0.1"}

type fixture struct {
	env        *vaulttest.Env
	c          *Cases
	complaints map[string]*complaint.Sim
	queue      *jobs.Queue
	mail       *notify.Sim // the e-mail and SMS gateways' simulator
}

func newFixture(t *testing.T, open vaulttest.Opener) *fixture {
	t.Helper()
	return newFixtureAt(t, open, time.Time{})
}

// newFixtureAt is newFixture with the clock at start (zero: vaulttest.Epoch).
func newFixtureAt(t *testing.T, open vaulttest.Opener, start time.Time) *fixture {
	t.Helper()
	env := open(t, vaulttest.Config{Start: start})
	crit, err := eligibility.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{env: env, complaints: map[string]*complaint.Sim{}}
	cfg := Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Policies: env.Policies, Criteria: crit,
		Complaints: map[string]complaint.Filer{}, Insurance: map[insurance.System]insurance.Looker{}}
	for _, id := range []string{"epeople", "clean-portal"} {
		sim := &complaint.Sim{}
		f.complaints[id] = sim
		cfg.Complaints[id] = complaint.HTTP{Client: f.client(t, id, sim.Handler(env.Ring.PublicKey(), env.Clock))}
	}
	for _, sys := range insurance.Systems {
		h := insurance.Sim(sys, env.Ring.PublicKey(), env.Clock)
		cfg.Insurance[sys] = insurance.HTTP{System: sys, Client: f.client(t, string(sys), h)}
	}
	cfg.Identity = fakeProver{env.Vault}
	f.mail = notify.NewSim(env.Ring.PublicKey(), env.Clock)
	mc := f.client(t, "notify", f.mail)
	cfg.Email, cfg.SMS = notify.Gateway{Channel: notify.Email, Client: mc}, notify.Gateway{Channel: notify.SMS, Client: mc}
	f.queue = jobstest.New(t, env.SQL(), env.Clock)
	cfg.Jobs = f.queue
	if f.c, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	jobs.Handle(f.queue, f.c.Forward)
	jobs.Handle(f.queue, f.c.TellResult)
	return f
}

// client starts a simulator on 127.0.0.1 and a signed client of it.
func (f *fixture) client(t *testing.T, name string, h http.Handler) *partners.Client {
	t.Helper()
	lb, err := partners.Listen(h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	return &partners.Client{Name: name, Base: lb.URL, Key: f.env.Ring.SigningKey(), Clock: f.env.Clock,
		Sleep: func(context.Context, time.Duration) error { return nil }}
}

// citizen registers a 복지로 subject and returns them as an actor.
func (f *fixture) citizen(t *testing.T) vault.Actor {
	t.Helper()
	id, err := f.env.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test"}, Service: Service})
	if err != nil {
		t.Fatal(err)
	}
	return vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
}

// records reads every record of the subject's purpose, as the system.
func (f *fixture) records(t *testing.T, subject, purpose string) []*vault.Record {
	t.Helper()
	pu, err := f.c.purpose(purpose)
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, it := range pu.Items {
		items = append(items, it.ID)
	}
	recs, err := f.env.Vault.List(ctx, request(vault.Actor{Kind: vault.System, ID: "test"}, subject, purpose, vault.View, items...))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func day(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// verified is the verification fakeProver accepts: it confirmed 가상조회인,
// whose number is rrnOldCheckWrong.
const verified = "ver_test"

// fakeProver stands in for membership's identity check: only the verified
// person's own number passes; anything else is refused through the gate,
// as members.Service.Prove does.
type fakeProver struct{ v *vault.Vault }

func (p fakeProver) Prove(ctx context.Context, r vault.Request, verification, rrn string) (members.Proof, error) {
	if verification != verified || strings.ReplaceAll(rrn, "-", "") != "0001013000000" {
		return members.Proof{}, p.v.Refuse(ctx, r, vault.ReasonIdentityMismatch, "not the member's")
	}
	return members.Proof{Name: "가상조회인", RRN: "0001013000000"}, nil
}
