package pointsvc

import (
	"context"
	"sync"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/points"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/card"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// earner is a participant with 1,000 points and, unless told otherwise,
// consent to the card company's provision.
func (e *env) earner(t *testing.T, n int, consents ...string) string {
	t.Helper()
	if consents == nil {
		consents = []string{"provision:" + CardProvision}
	}
	p := e.participant(t, "1990-05-05", ci(n), consents...)
	for d := range 5 {
		e.steps.set(day1.AddDays(d), p, 10_000)
		if _, err := e.svc.RunDay(context.Background(), day1.AddDays(d)); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// state is what a conversion left behind.
type state struct {
	balance     int64
	conversions int
	jobs        int
}

func (e *env) state(t *testing.T, p string) state {
	t.Helper()
	ctx := context.Background()
	b, err := e.svc.Balance(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := e.svc.Conversions(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = ?`, JobConvert).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return state{b, len(cs), n}
}

func TestConversionRefusedWritesNothing(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		withConsent := e.earner(t, 1)
		without := e.earner(t, 2, "purpose:health-service")
		for _, tc := range []struct {
			name         string
			subject      string
			amount       int64
			code, reason string
		}{
			{"more than the balance", withConsent, 1_001, errs.Conflict, ReasonInsufficientBalance},
			{"zero", withConsent, 0, errs.Invalid, ReasonInvalidAmount},
			{"negative", withConsent, -5, errs.Invalid, ReasonInvalidAmount},
			{"no consent to the card company", without, 100, errs.Forbidden, "provision_consent_missing"},
			{"no account yet", e.participant(t, "1990-01-01", ci(3), "provision:"+CardProvision), 1, errs.Conflict, ReasonInsufficientBalance},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := e.state(t, tc.subject)
				_, err := e.svc.Convert(context.Background(), self(tc.subject), tc.subject, tc.amount)
				if errs.Code(err) != tc.code || reason(err) != tc.reason {
					t.Fatalf("err = %v (reason %q), want %s/%s", err, reason(err), tc.code, tc.reason)
				}
				if after := e.state(t, tc.subject); after != before {
					t.Fatalf("a refused conversion wrote: %+v -> %+v", before, after)
				}
			})
		}
	})
}

func reason(err error) string {
	if e, ok := err.(*errs.Error); ok {
		return e.Reason
	}
	return ""
}

func TestConversionSendsOnlyTheCIThroughTheGate(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		p := e.earner(t, 1)
		c, err := e.svc.Convert(ctx, self(p), p, 600)
		if err != nil {
			t.Fatal(err)
		}
		if st := e.state(t, p); st.balance != 400 || st.jobs != 1 {
			t.Fatalf("after the request: %+v, want 400 left and one job", st)
		}
		e.runJobs(t)
		got := e.sim.Received()
		if len(got) != 1 || got[0] != (card.Conversion{Reference: c.ID, CI: ci(1), Points: 600}) {
			t.Fatalf("the card company received %+v", got)
		}
		e.wantStatus(t, p, Done)
		reads := e.gateEntries(t, cardCompany.Handler())
		if len(reads) != 1 || reads[0].Subject != p || len(reads[0].Items) != 1 || reads[0].Items[0] != "ci" {
			t.Fatalf("the provision in the access log: %+v, want one read of the CI", reads)
		}
	})
}

func (e *env) runJobs(t *testing.T) {
	t.Helper()
	jobstest.Drain(t, e.queue)
}

func (e *env) wantStatus(t *testing.T, p, status string) Conversion {
	t.Helper()
	cs, err := e.svc.Conversions(context.Background(), p)
	if err != nil || len(cs) != 1 || cs[0].Status != status {
		t.Fatalf("conversions %+v, %v; want one %s", cs, err, status)
	}
	return cs[0]
}

func TestNoDoubleConversionUnderRetriesOrACrash(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		p := e.earner(t, 1)

		// The answer is lost after the card company credited: the client retries.
		e.faults.DropAfterNext(1)
		if _, err := e.svc.Convert(ctx, self(p), p, 100); err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)

		// The worker fails after the card company credited, before settling.
		e.crash.set(errs.E(errs.Unavailable, "the worker died"))
		c2, err := e.svc.Convert(ctx, self(p), p, 200)
		if err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)
		e.crash.set(nil)
		if j, err := e.queue.Find(ctx, ConvertArgs{Conversion: c2.ID}); err != nil || j.Attempt != 1 || len(j.Errors) != 1 {
			t.Fatalf("the failed attempt: %+v, %v", j, err)
		}
		e.Clock.Advance(time.Hour) // past the back-off: the job comes back
		e.runJobs(t)
		e.runJobs(t) // and once more: nothing left to do

		if e.sim.Credits() != 2 {
			t.Fatalf("the card company credited %d conversions, want 2", e.sim.Credits())
		}
		cs, _ := e.svc.Conversions(ctx, p)
		for _, c := range cs {
			if c.Status != Done {
				t.Errorf("conversion %+v not done", c)
			}
		}
		if len(cs) != 2 || len(e.sim.Received()) != 3 || e.sim.Received()[2].Reference != c2.ID { // 100 twice (lost answer), 200 once (lookup after the crash)
			t.Errorf("requests to the card company: %+v", e.sim.Received())
		}
		if b, _ := e.svc.Balance(ctx, p); b != 700 {
			t.Errorf("balance %d, want 700", b)
		}
	})
}

// crashAfter is a card connector that, when told, fails right after the
// card company answered, as a worker that dies there.
type crashAfter struct {
	card.Company
	mu  sync.Mutex
	err error
}

func (c *crashAfter) set(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = err
}

func (c *crashAfter) Convert(ctx context.Context, key string, cv card.Conversion) (card.Record, error) {
	rec, err := c.Company.Convert(ctx, key, cv)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && c.err != nil {
		err = c.err
	}
	return rec, err
}

func TestRefusalAndWithdrawnConsentRefund(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		refused := e.earner(t, 1)
		e.sim.Refuse(ci(1))
		withdrawn := e.earner(t, 2)
		for _, p := range []string{refused, withdrawn} {
			if _, err := e.svc.Convert(ctx, self(p), p, 300); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Vault.Withdraw(ctx, vault.Request{Actor: self(withdrawn), Service: ServiceName, Subject: withdrawn}, "provision:"+CardProvision); err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)
		for _, p := range []string{refused, withdrawn} {
			e.wantStatus(t, p, Refunded)
			if b, _ := e.svc.Balance(ctx, p); b != 1000 {
				t.Errorf("balance after the refund %d, want 1000", b)
			}
		}
		if e.sim.Credits() != 0 || len(e.sim.Received()) != 1 {
			t.Fatalf("credits %d, requests %d: want none credited, and no CI sent after the withdrawal", e.sim.Credits(), len(e.sim.Received()))
		}
		e.runJobs(t)
		if b, _ := e.svc.Balance(ctx, refused); b != 1000 {
			t.Errorf("a second run refunded again: balance %d", b)
		}
	})
}

func TestReconcile(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		credited := e.earner(t, 1) // credited, but the job gave up before settling
		lost := e.earner(t, 2)     // the card company is down until the job gives up
		forgotten := e.earner(t, 3)

		e.crash.set(jobs.Permanent(errs.E(errs.Unavailable, "the worker died")))
		if _, err := e.svc.Convert(ctx, self(credited), credited, 100); err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)
		e.crash.set(nil)

		if _, err := e.svc.Convert(ctx, self(lost), lost, 100); err != nil {
			t.Fatal(err)
		}
		e.faults.FailNext(1_000)
		for range 3 { // MaxAttempts
			e.runJobs(t)
			e.Clock.Advance(time.Hour)
		}
		e.faults.FailNext(0)

		c3, err := e.svc.Convert(ctx, self(forgotten), forgotten, 100)
		if err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)
		e.sim.Forget(c3.ID)

		r, err := e.svc.Reconcile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Checked != 3 || r.Settled != 1 || r.Refunded != 1 || len(r.Problems) != 1 || r.Problems[0] != (Problem{c3.ID, ProblemMissingAtCard}) {
			t.Fatalf("reconciliation: %+v", r)
		}
		e.wantStatus(t, credited, Done)
		e.wantStatus(t, lost, Refunded)
		if b, _ := e.svc.Balance(ctx, lost); b != 1000 {
			t.Errorf("refunded balance %d, want 1000", b)
		}
		again, err := e.svc.Reconcile(ctx)
		if err != nil || again.Settled != 0 || again.Refunded != 0 {
			t.Fatalf("a second reconciliation repaired again: %+v, %v", again, err)
		}
	})
}
