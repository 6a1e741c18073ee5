package pointsvc

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/healthcare/provision"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners"
	"jikimi/partners/card"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// env is a ledger on a real gate and database, with the card company's
// simulator on 127.0.0.1 and fake steps.
type env struct {
	*vaulttest.Env
	svc    *Service
	steps  *fakeSteps
	sim    *card.Sim
	faults *partners.Faults
	queue  *jobs.Queue
	crash  *crashAfter // the card company, failing after a credit when told
	card   card.Company
}

func newEnv(t *testing.T, open vaulttest.Opener, rules []byte) *env {
	t.Helper()
	e := &env{Env: open(t, vaulttest.Config{}), steps: &fakeSteps{}, sim: card.NewSim(), faults: &partners.Faults{}}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := partners.Listen(e.faults.Wrap(partners.Verified(pub, e.Clock, e.sim)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	noSleep := func(context.Context, time.Duration) error { return nil }
	e.card = card.HTTP{Client: &partners.Client{Name: "card-company", Base: lb.URL, Key: priv, Clock: e.Clock, Sleep: noSleep}}
	r, err := points.Load(rules)
	if err != nil {
		t.Fatal(err)
	}
	e.queue = jobstest.New(t, e.SQL(), e.Clock)
	e.crash = &crashAfter{Company: e.card}
	e.svc = New(Config{
		SQL: e.SQL(), Vault: e.Vault, Clock: e.Clock, Rules: r, Steps: e.steps, Card: e.crash, Jobs: e.queue, Batch: 2,
		Consents: &provision.Consents{Vault: e.Vault, Policies: e.Policies, Clock: e.Clock},
	})
	return e
}

var seeder = vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}

func self(subject string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
}

// participant enrols a synthetic participant; consents are scopes to give.
func (e *env) participant(t *testing.T, born, ci string, consents ...string) string {
	t.Helper()
	ctx := context.Background()
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: seeder, Service: ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range append([]string{"purpose:enrolment"}, consents...) {
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self(id), Service: ServiceName, Subject: id}, vault.Consent{Scope: sc, Channel: vault.ChannelWeb, Text: "테스트 동의 " + sc}); err != nil {
			t.Fatal(err)
		}
	}
	vals := map[string]string{"name": "김가상", "birth_date": born, "sex": "F", "mobile": "010-0000-0001", "residence": "종로구", "ci": ci}
	req := vault.Request{Actor: self(id), Service: ServiceName, Purpose: "enrolment", Subject: id, Action: vault.Input}
	if _, err := e.Vault.Put(ctx, req, "enrolment", vals); err != nil {
		t.Fatal(err)
	}
	return id
}

// ci is a synthetic CI: 88 base64 characters, all A but the last.
func ci(n int) string { return strings.Repeat("A", 87) + string(rune('A'+n)) }

// gateEntries are the access-log entries of a handler since seq from.
func (e *env) gateEntries(t *testing.T, handler string) []audit.Entry {
	t.Helper()
	all := e.Entries(t)
	return slices.DeleteFunc(all, func(x audit.Entry) bool { return x.Handler != handler })
}

// fakeSteps stands in for the daily summaries of the sync.
type fakeSteps struct {
	mu   sync.Mutex
	days map[measure.Date]map[string]int
}

func (f *fakeSteps) set(day measure.Date, subject string, steps int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.days == nil {
		f.days = map[measure.Date]map[string]int{}
	}
	if f.days[day] == nil {
		f.days[day] = map[string]int{}
	}
	f.days[day][subject] = steps
}

func (f *fakeSteps) DaySteps(_ context.Context, day measure.Date, after string, limit int) ([]DaySteps, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var subs []string
	for s := range f.days[day] {
		if s > after {
			subs = append(subs, s)
		}
	}
	slices.Sort(subs)
	var out []DaySteps
	for _, s := range subs[:min(limit, len(subs))] {
		out = append(out, DaySteps{s, f.days[day][s]})
	}
	if len(subs) <= limit {
		return out, "", nil
	}
	return out, out[len(out)-1].Subject, nil
}

var day1 = measure.Date{Year: 2026, Month: 3, Day: 2} // a Monday

// wantRun runs want.Day and checks its report.
func (e *env) wantRun(t *testing.T, want DayReport) {
	t.Helper()
	rep, err := e.svc.RunDay(context.Background(), want.Day)
	if err != nil {
		t.Fatal(err)
	}
	if rep != want {
		t.Fatalf("run: %+v, want %+v", rep, want)
	}
}
