package alerts

import (
	"context"
	"testing"
	"time"

	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/catalogue"
)

var ctx = context.Background()

const (
	memberEmail  = "member1@example.invalid"
	memberMobile = "01000000003"
)

type fixture struct {
	*Service
	env   *vaulttest.Env
	gw    *notify.Sim
	email notify.Gateway
	sms   notify.Gateway
	queue *jobs.Queue
}

func embedded(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	c, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// older is an earlier snapshot of the catalogue: every fifth service is
// missing from it, so the embedded one adds them.
func older(t testing.TB, c *catalogue.Catalogue) *catalogue.Catalogue {
	t.Helper()
	var kept []catalogue.Service
	for i, s := range c.Services() {
		if i%5 != 0 {
			kept = append(kept, s)
		}
	}
	o, err := catalogue.New("older-snapshot", kept, c.Config())
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func newFixture(t testing.TB, open vaulttest.Opener, cat *catalogue.Catalogue, earlier ...*catalogue.Catalogue) *fixture {
	t.Helper()
	f := &fixture{env: open(t, vaulttest.Config{Start: time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC)})}
	client, gw := partnerstest.Sim(t, "notify", notify.NewSim)
	f.gw = gw
	f.email, f.sms = notify.Gateway{Channel: notify.Email, Client: client}, notify.Gateway{Channel: notify.SMS, Client: client}
	f.reopen(t, cat, earlier...)
	return f
}

// reopen builds the service anew, as a new release with another catalogue would.
func (f *fixture) reopen(t testing.TB, cat *catalogue.Catalogue, earlier ...*catalogue.Catalogue) {
	t.Helper()
	if f.queue != nil {
		f.queue.Stop(ctx) // the release before this one
	}
	f.queue = jobstest.New(t, f.env.SQL(), f.env.Clock)
	svc, err := New(Config{Vault: f.env.Vault, SQL: f.env.SQL(), Clock: f.env.Clock, Catalogue: cat, Earlier: earlier, Email: f.email, SMS: f.sms, Jobs: f.queue})
	if err != nil {
		t.Fatal(err)
	}
	f.Service = svc
	jobs.Handle(f.queue, svc.Send)
}

// member makes a Bokjiro member the way welfare/members does: consent and
// a membership record.
// subscriber is a new member subscribed to 복지알림이 (subscription()).
func (f *fixture) subscriber(t testing.TB) string {
	t.Helper()
	sub := f.member(t)
	if err := f.Subscribe(ctx, me(sub), sub, subscription()); err != nil {
		t.Fatal(err)
	}
	return sub
}

func (f *fixture) member(t testing.TB) string {
	t.Helper()
	sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
	id, err := f.env.Vault.NewSubject(ctx, vault.Request{Actor: sys, Service: ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Vault.Give(ctx, vault.Request{Actor: me(id), Service: ServiceName, Subject: id}, vault.Consent{Scope: "purpose:membership", Channel: vault.ChannelWeb, Text: "가상 동의"}); err != nil {
		t.Fatal(err)
	}
	req := vault.Request{Actor: me(id), Service: ServiceName, Purpose: "membership", Subject: id, Action: vault.Input}
	if _, err := f.env.Vault.Put(ctx, req, "membership", map[string]string{"name": "박가상", "user_id": "demo_member1", "email": memberEmail, "mobile": memberMobile}); err != nil {
		t.Fatal(err)
	}
	return id
}

func me(subject string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
}

func (f *fixture) runJobs(t testing.TB) {
	t.Helper()
	jobstest.Drain(t, f.queue)
}

// discard is a gateway that sends nothing (the benchmark never sends).
type discard struct{}

func (discard) Send(context.Context, string, notify.Message) error { return nil }

// recheckOn is the day the run will look at the subscriber again ("": next run).
func (f *fixture) recheckOn(t testing.TB, subject string) string {
	t.Helper()
	var on *string
	if err := f.env.SQL().Reader().QueryRowContext(ctx, `SELECT recheck_on FROM bokjiro_alert_state WHERE subject_id = ?`, subject).Scan(&on); err != nil {
		t.Fatal(err)
	}
	if on == nil {
		return ""
	}
	return *on
}
