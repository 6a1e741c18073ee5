package cases

import (
	"strings"
	"testing"

	"github.com/riverqueue/river/rivertype"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/jobs/jobstest"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The form says, before the report starts, that refusing means no report.
func TestFraudFormWarnsBeforeTheReport(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	form, err := f.c.FraudForm()
	if err != nil {
		t.Fatal(err)
	}
	if len(form.Provisions) != 2 || form.Provisions[0].Recipient != "국민신문고(국민권익위원회)" || form.Provisions[1].Retention == "" {
		t.Fatalf("provisions %+v", form.Provisions)
	}
	if !strings.Contains(form.Notice, "부정수급신고 서비스 이용이 제한됩니다.") || !strings.Contains(form.Notice, "신고를 접수할 수 없습니다") {
		t.Fatalf("notice %q does not say what refusing costs", form.Notice)
	}
}

// With consent to both provisions, the report is kept 10 years and filed
// once with each complaint system, which records its own retention.
func TestFraudReportForwardedWithConsent(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		cs, err := f.c.ReportFraud(ctx, me, reporter, []string{"epeople", "clean-portal"})
		if err != nil {
			t.Fatal(err)
		}
		recs := f.records(t, me.ID, purposeFraud)
		if len(recs) != 1 || !recs[0].Due.Equal(f.env.Clock.Now().AddDate(10, 0, 0)) {
			t.Fatalf("report %+v, want kept 10 years", recs)
		}
		for range 2 {
			jobstest.Drain(t, f.queue)
		}
		for id, sim := range f.complaints {
			got := sim.Received()
			if len(got) != 1 || got[0].Mobile != "01000000001" {
				t.Fatalf("%s received %+v, want the report once", id, got)
			}
		}
		tr, err := f.c.Transfers(ctx, me, cs.ID)
		if err != nil || len(tr) != 2 || tr[0].Provision != "clean-portal" || tr[0].Retention != "3y" || tr[1].Retention != "10y" {
			t.Fatalf("Transfers = %+v, %v", tr, err)
		}
	})
}

// Without consent to every provision, nothing is written at all.
func TestFraudReportWithoutConsentWritesNothing(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		for _, consents := range [][]string{nil, {"epeople"}, {"clean-portal"}} {
			_, err := f.c.ReportFraud(ctx, me, reporter, consents)
			errstest.Want(t, err, errs.Forbidden, "provision_consent_required")
		}
		_, err := f.c.ReportFraud(ctx, me, Items{"name": "가상"}, []string{"epeople", "clean-portal"})
		errstest.Want(t, err, errs.Invalid, "missing_required_items")
		given, err := f.env.Vault.Consents(ctx, vault.Request{Actor: me, Service: Service, Subject: me.ID})
		if err != nil || len(given) != 0 {
			t.Fatalf("consents %+v, %v; want none recorded", given, err)
		}
		if f.env.Rows(t, "bokjiro_cases")+f.env.Rows(t, "river_job")+len(f.records(t, me.ID, purposeFraud)) != 0 {
			t.Fatal("a refused report wrote something")
		}
	})
}

// A consent withdrawn before the job runs stops the filing with that
// recipient: the partner cannot read the report through the gate.
func TestWithdrawnConsentStopsTheFiling(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	cs, err := f.c.ReportFraud(ctx, me, reporter, []string{"epeople", "clean-portal"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.env.Vault.Withdraw(ctx, vault.Request{Actor: me, Service: Service, Subject: me.ID}, "provision:clean-portal"); err != nil {
		t.Fatal(err)
	}
	jobstest.Drain(t, f.queue)
	if len(f.complaints["clean-portal"].Received()) != 0 || len(f.complaints["epeople"].Received()) != 1 {
		t.Fatal("filed with a recipient whose consent was withdrawn")
	}
	st, err := f.queue.Find(ctx, ForwardArgs{Case: cs.ID, Subject: me.ID, Provision: "clean-portal"})
	if err != nil || st.State != rivertype.JobStateCancelled {
		t.Fatalf("job %+v, %v; want it cancelled", st, err)
	}
}

// A report that fails after its consents were given leaves no consent in
// force: they end with it, and nothing else is written.
func TestFailedReportWithdrawsItsConsents(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	err := f.env.SQL().InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `ALTER TABLE bokjiro_cases RENAME TO bokjiro_cases_away`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.ReportFraud(ctx, me, reporter, []string{"epeople", "clean-portal"}); errs.Code(err) != errs.Internal {
		t.Fatalf("err = %v, want the storage failure", err)
	}
	given, err := f.env.Vault.Consents(ctx, vault.Request{Actor: me, Service: Service, Subject: me.ID})
	if err != nil || len(given) != 2 {
		t.Fatalf("consents %+v, %v", given, err)
	}
	for _, c := range given {
		if c.Withdrawn == nil {
			t.Fatalf("consent %s still in force after the report failed", c.Scope)
		}
	}
	if f.env.Rows(t, "river_job")+len(f.records(t, me.ID, purposeFraud)) != 0 {
		t.Fatal("a failed report wrote something")
	}
}
