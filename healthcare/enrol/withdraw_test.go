package enrol_test

import (
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/healthcare/enrol"
	"jikimi/retention"
	"jikimi/retention/retentiontest"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// run is a day's destruction run with the officer approving every plan.
func (f *fixture) run(t *testing.T) {
	t.Helper()
	retentiontest.RunApproving(t, f.runner(t))
}

// runner is the destruction runner over the fixture's gate.
func (f *fixture) runner(t *testing.T) *retention.Runner {
	t.Helper()
	return retentiontest.Runner(t, f.env)
}

// today is r's run for the clock's day.
func today(t *testing.T, r *retention.Runner) *retention.Result {
	t.Helper()
	res, err := r.Run(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// kept counts a subject's rows in use and apart, per purpose.
func (f *fixture) kept(t *testing.T, subject string) (inUse, apart map[string]int) {
	t.Helper()
	inUse, apart = map[string]int{}, map[string]int{}
	for table, m := range map[string]map[string]int{"pd_records": inUse, "pd_separate": apart} {
		err := store.Each(ctx, f.env.SQL().Reader(), "count "+table, func(s store.Scanner) error {
			var p string
			var n int
			err := s.Scan(&p, &n)
			m[p] = n
			return err
		}, `SELECT purpose, COUNT(*) FROM `+table+` WHERE subject_id = ? GROUP BY purpose`, subject)
		if err != nil {
			t.Fatal(err)
		}
	}
	return inUse, apart
}

func (f *fixture) ciEnrolled(t *testing.T, a enrol.Application) bool {
	t.Helper()
	found, err := f.env.Vault.Lookup(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: enrol.ServiceName, Purpose: enrol.PurposeDuplicate}, vault.IndexCI, syntheticCI(a))
	if err != nil {
		t.Fatal(err)
	}
	return len(found) > 0
}

// After withdrawal every item follows its rule: the CI moves apart at once
// and is kept 5 years for duplicate prevention only; the delivery details
// (never linked) go at once; everything else goes at withdrawal, by the next
// destruction run (2 years after collection at the latest).
func TestWithdrawalFollowsEveryRule(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	a := application("1")
	e := f.enrol(t, a)
	s, err := f.accounts.Login(ctx, enrol.ServiceName, enrol.PurposeEnrolment, a.Login, pw, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := f.devices.Link(ctx, e.Subject, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(24 * time.Hour)
	if err := f.s.Withdraw(ctx, e.Subject, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	_, err = f.accounts.Authenticate(ctx, s.Token)
	errstest.Want(t, err, errs.Unauthenticated, "no_session")
	_, err = f.accounts.Login(ctx, enrol.ServiceName, enrol.PurposeEnrolment, a.Login, pw, "127.0.0.1")
	errstest.Want(t, err, errs.Forbidden, "bad_credentials")
	_, err = f.devices.Authenticate(ctx, token)
	errstest.Want(t, err, errs.Forbidden, "revoked_device")

	f.run(t)
	inUse, apart := f.kept(t, e.Subject)
	if len(inUse) != 0 || apart["duplicate-prevention"] != 1 {
		t.Fatalf("after withdrawal: in use %v, apart %v", inUse, apart)
	}
	again := application("1")
	again.Login = "demo_again"
	_, err = f.s.Enrol(ctx, f.verify(t, again), "127.0.0.1")
	errstest.Want(t, err, errs.Conflict, "duplicate_enrolment")

	f.env.Clock.Advance(2*365*24*time.Hour + 24*time.Hour) // past 2 years from collection
	f.run(t)
	inUse, apart = f.kept(t, e.Subject)
	if len(inUse) != 0 || apart["duplicate-prevention"] != 1 || !f.ciEnrolled(t, a) {
		t.Fatalf("2 years on: in use %v, apart %v", inUse, apart)
	}

	f.env.Clock.Advance(3*365*24*time.Hour + 2*24*time.Hour) // past 5 years from withdrawal
	f.run(t)
	inUse, apart = f.kept(t, e.Subject)
	if len(inUse) != 0 || len(apart) != 0 || f.ciEnrolled(t, a) {
		t.Fatalf("5 years on: in use %v, apart %v, CI still indexed", inUse, apart)
	}
	again.Login = "demo_back"
	if _, err := f.s.Enrol(ctx, f.verify(t, again), "127.0.0.1"); err != nil {
		t.Fatalf("enrolling 5 years after withdrawal: %v", err)
	}
}

// A watch never linked: withdrawal destroys the delivery details at once.
func TestWithdrawalDestroysUnlinkedDelivery(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	e := f.enrol(t, application("1"))
	if err := f.s.Withdraw(ctx, e.Subject, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if inUse, _ := f.kept(t, e.Subject); inUse["watch-delivery"] != 0 {
		t.Fatalf("delivery details kept after withdrawal: %v", inUse)
	}
	if err := f.s.Withdraw(ctx, e.Subject, "127.0.0.1"); err != nil {
		t.Fatalf("withdrawing again: %v", err)
	}
}

// Leaving achieves the programme's purposes (seed 000 제7조①): a
// participant's health data, enrolment and city-information data fall due
// at withdrawal, and the next destruction run, once the officer approves
// its plan, destroys them with destruction records; the CI stays apart for
// duplicate prevention and still refuses a second enrolment. A participant
// who stays keeps everything.
func TestWithdrawalDestroysHealthDataAtNextRun(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		gone, stays := f.enrol(t, application("1")), f.enrol(t, application("2"))
		for _, e := range []enrol.Enrolled{gone, stays} {
			self := vault.Actor{Kind: vault.Subject, ID: e.Subject, Source: "127.0.0.1"}
			req := vault.Request{Actor: self, Service: enrol.ServiceName, Purpose: "health-service", Subject: e.Subject, Action: vault.Input}
			if _, err := f.env.Vault.Put(ctx, req, "service", map[string]string{"weight": "SYN-70.0", "steps": "SYN-1000"}); err != nil {
				t.Fatal(err)
			}
		}
		f.env.Clock.Advance(30 * 24 * time.Hour)
		if err := f.s.Withdraw(ctx, gone.Subject, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}

		r := f.runner(t)
		res := today(t, r)
		if len(res.Awaiting) != 1 || !res.Awaiting[0].NeedsApproval {
			t.Fatalf("plans awaiting approval: %+v", res.Awaiting)
		}
		if inUse, _ := f.kept(t, gone.Subject); inUse["health-service"] != 1 {
			t.Fatalf("destroyed before the officer approved: %v", inUse)
		}
		if _, err := r.Approve(ctx, res.Awaiting[0].ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		today(t, r)

		inUse, apart := f.kept(t, gone.Subject)
		if len(inUse) != 0 || apart["duplicate-prevention"] != 1 || len(apart) != 1 {
			t.Fatalf("withdrawn: in use %v, apart %v", inUse, apart)
		}
		plan := res.Awaiting[0].ID
		destroyed := map[string]int{}
		for _, d := range f.env.Destructions(t, gone.Subject) {
			destroyed[d]++
		}
		for _, purpose := range []string{"enrolment", "health-service", "city-info"} {
			if destroyed[purpose+" crypto_shred "+plan] != 1 {
				t.Errorf("no destruction record of %s in plan %s: %v", purpose, plan, destroyed)
			}
		}
		var approver string
		var contentRows int
		err := f.env.SQL().Reader().QueryRowContext(ctx, `SELECT MIN(approver), SUM(CASE WHEN items LIKE '%SYN-%' THEN 1 ELSE 0 END)
			FROM retention_destructions WHERE subject_id = ? AND purpose = 'health-service'`, gone.Subject).Scan(&approver, &contentRows)
		if err != nil || approver != "stf_officer1" || contentRows != 0 {
			t.Fatalf("health-service destruction record: approver %q, rows naming content %d, err %v", approver, contentRows, err)
		}

		again := application("1")
		again.Login = "demo_again"
		_, err = f.s.Enrol(ctx, f.verify(t, again), "127.0.0.1")
		errstest.Want(t, err, errs.Conflict, "duplicate_enrolment")

		inUse, apart = f.kept(t, stays.Subject)
		if inUse["health-service"] != 1 || inUse["enrolment"] != 1 || inUse["city-info"] != 1 || inUse["duplicate-prevention"] != 1 || len(apart) != 0 {
			t.Fatalf("stayed: in use %v, apart %v", inUse, apart)
		}
		if d := f.env.Destructions(t, stays.Subject); len(d) != 0 {
			t.Fatalf("stayed, yet destroyed: %v", d)
		}
	})
}
