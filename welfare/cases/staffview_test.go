package cases

import (
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// submitted is a complete application of the citizen, submitted.
func (f *fixture) submitted(t *testing.T, me vault.Actor) *Case {
	t.Helper()
	app, err := f.c.Draft(ctx, me, "WLF00001188", complete)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.Submit(ctx, me, app.ID); err != nil {
		t.Fatal(err)
	}
	return app
}

// working is the caseworker having chosen purpose to work for.
func working(purpose string) vault.Actor {
	a := staffCW
	a.Purpose = vault.Chosen{Service: Service, Purpose: purpose}
	return a
}

// The console's caseworker lists applications by state and opens help
// requests and fraud reports with their items, each only while working
// for its own purpose: another purpose's case is not found, and nothing is
// read.
func TestCaseworkerViewsKeepToThePurpose(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		app := f.submitted(t, me)
		help, err := f.c.RequestHelp(ctx, me, reporter)
		if err != nil {
			t.Fatal(err)
		}
		fraud, err := f.c.ReportFraud(ctx, me, reporter, []string{"epeople", "clean-portal"})
		if err != nil {
			t.Fatal(err)
		}
		onApps, onHelp, onFraud := working(purposeApplication), working(purposeHelp), working(purposeFraud)
		for state, want := range map[string]int{StateSubmitted: 1, StateUnderReview: 0, StateNotified: 0} {
			if got, err := f.c.ApplicationsIn(ctx, onApps, state); err != nil || len(got) != want {
				t.Errorf("ApplicationsIn(%s) = %v, %v", state, got, err)
			}
		}
		_, err = f.c.ApplicationsIn(ctx, onApps, StateDraft)
		errstest.Want(t, err, errs.Invalid, "unknown_state")
		if _, err := f.c.Review(ctx, onApps, app.ID); err != nil {
			t.Fatalf("review while working for applications: %v", err)
		}
		other, err := f.c.Review(ctx, onHelp, app.ID)
		errstest.Want(t, err, errs.NotFound, "")
		if other != nil {
			t.Fatalf("review while working for help requests answered a case: %+v", other)
		}
		for name, act := range map[string]func() error{
			"start review":  func() error { _, err := f.c.StartReview(ctx, onHelp, app.ID); return err },
			"notify":        func() error { _, err := f.c.Notify(ctx, onFraud, app.ID, "approved"); return err },
			"download":      func() error { _, err := f.c.DownloadApplication(ctx, onHelp, app.ID, "가상 사유"); return err },
			"complete help": func() error { _, err := f.c.CompleteHelp(ctx, onApps, help.ID, "done"); return err },
		} {
			if err := act(); errs.Code(err) != errs.NotFound {
				t.Errorf("%s under another purpose: %v", name, err)
			}
		}
		for name, list := range map[string]func() error{
			"applications":  func() error { _, err := f.c.ApplicationsIn(ctx, onHelp, StateSubmitted); return err },
			"help requests": func() error { _, err := f.c.HelpRequestsIn(ctx, onApps, StateReceived); return err },
			"fraud reports": func() error { _, err := f.c.FiledFraudReports(ctx, onApps); return err },
		} {
			if err := list(); errs.Code(err) != errs.Forbidden {
				t.Errorf("listing %s under another purpose: %v", name, err)
			}
		}

		got, err := f.c.HelpRequest(ctx, onHelp, help.ID)
		if err != nil || got.Items["mobile"] == "" || got.State != StateReceived {
			t.Fatalf("HelpRequest = %+v, %v", got, err)
		}
		_, err = f.c.HelpRequest(ctx, onApps, help.ID)
		errstest.Want(t, err, errs.NotFound, "")
		_, err = f.c.HelpRequest(ctx, onHelp, fraud.ID)
		errstest.Want(t, err, errs.NotFound, "")
		if open, err := f.c.HelpRequestsIn(ctx, onHelp, StateReceived); err != nil || len(open) != 1 {
			t.Fatalf("HelpRequestsIn = %v, %v", open, err)
		}

		rep, _, err := f.c.FraudReport(ctx, onFraud, fraud.ID)
		if err != nil || rep.Items["name"] == "" {
			t.Fatalf("FraudReport = %+v, %v", rep, err)
		}
		_, _, err = f.c.FraudReport(ctx, onHelp, fraud.ID)
		errstest.Want(t, err, errs.NotFound, "")
		if filed, err := f.c.FiledFraudReports(ctx, onFraud); err != nil || len(filed) != 1 {
			t.Fatalf("FiledFraudReports = %v, %v", filed, err)
		}
		if _, err := f.c.FiledFraudReports(ctx, me); errs.Code(err) != errs.Forbidden {
			t.Fatalf("a citizen lists fraud reports: %v", err)
		}
	})
}

// A download of an application says why, and the log keeps the reason for
// the monthly inspection; without one nothing is read or logged.
func TestDownloadApplicationNeedsAReason(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		app := f.submitted(t, me)
		cw := working(purposeApplication)
		entries := func() int64 {
			in, err := f.env.Log.Inspect(ctx, f.env.Clock.Now(), audit.InspectOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return in.Entries
		}
		before := entries()
		_, err := f.c.DownloadApplication(ctx, cw, app.ID, "  ")
		errstest.Want(t, err, errs.Invalid, "download_reason_required")
		if entries() != before {
			t.Fatal("a download without a reason was logged as an access")
		}
		got, err := f.c.DownloadApplication(ctx, cw, app.ID, "가상 사유: 현장 방문 상담")
		if err != nil || got.Items["address"] == "" {
			t.Fatalf("DownloadApplication = %+v, %v", got, err)
		}
		in, err := f.env.Log.Inspect(ctx, f.env.Clock.Now(), audit.InspectOptions{})
		if err != nil || len(in.Downloads) != 1 || in.Downloads[0].DownloadReason != "가상 사유: 현장 방문 상담" || in.NoReason != 0 {
			t.Fatalf("inspection downloads %+v, %v", in, err)
		}
		_, err = f.c.DownloadApplication(ctx, working(purposeHelp), app.ID, "가상 사유")
		errstest.Want(t, err, errs.NotFound, "")
	})
}

// A caseworker finds a person's submitted applications by RRN, or by name
// and birth date, saying why; the access log keeps the search and its
// reason, and a draft is never found.
func TestSearchApplications(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		app := f.submitted(t, me)
		other := f.citizen(t)
		if _, err := f.c.Draft(ctx, other, "WLF00001188", complete); err != nil {
			t.Fatal(err)
		}
		cw := working(purposeApplication)
		for name, q := range map[string]Search{
			"rrn":            {RRN: rrnOldCheckWrong, Reason: "가상 사유: 방문 상담"},
			"rrn unhyphened": {RRN: "0001013000000", Reason: "가상 사유"},
			"name and birth": {Name: " 가상신청인 ", BirthDate: "2000-01-01", Reason: "가상 사유"},
		} {
			got, err := f.c.SearchApplications(ctx, cw, q)
			if err != nil || len(got) != 1 || got[0].ID != app.ID {
				t.Fatalf("%s: %+v, %v", name, got, err)
			}
		}
		if got, err := f.c.SearchApplications(ctx, cw, Search{Name: "가상신청인", BirthDate: "2000-01-02", Reason: "가상 사유"}); err != nil || len(got) != 0 {
			t.Fatalf("another birth date: %+v, %v", got, err)
		}
		last, err := f.env.Log.Last(ctx)
		if err != nil || last.DownloadReason != "가상 사유" || last.Subject != "" || last.Purpose != purposeApplication {
			t.Fatalf("the search's log entry: %+v, %v", last, err)
		}
		_, err = f.c.SearchApplications(ctx, cw, Search{RRN: rrnOldCheckWrong})
		errstest.Want(t, err, errs.Invalid, "search_reason_required")
		_, err = f.c.SearchApplications(ctx, working(purposeHelp), Search{RRN: rrnOldCheckWrong, Reason: "가상 사유"})
		errstest.Want(t, err, errs.Forbidden, vault.ReasonPurposeNotChosen)
		_, err = f.c.SearchApplications(ctx, cw, Search{Name: "가상신청인", Reason: "가상 사유"})
		errstest.Want(t, err, errs.Invalid, "")
	})
}
