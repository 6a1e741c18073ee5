package cases

import (
	"jikimi/errs/errstest"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault/vaulttest"
)

var reporter = Items{"name": "가상신청인", "address": "가상시 가상구 가상로 1", "mobile": "010-0000-0001",
	"landline": "02-0000-0001", "email": "person@example.invalid"}

// A help request is kept 5 years after it is completed.
func TestHelpRequestKeptFiveYearsAfterCompletion(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		cs, err := f.c.RequestHelp(ctx, me, reporter)
		if err != nil || cs.State != StateReceived {
			t.Fatalf("RequestHelp = %+v, %v", cs, err)
		}
		if recs := f.records(t, me.ID, purposeHelp); len(recs) != 1 || recs[0].Due != nil || recs[0].Values["mobile"] != "01000000001" {
			t.Fatalf("help record %+v, want it waiting for completion", recs)
		}
		waiting, err := f.c.OpenHelpRequests(ctx, staffCW)
		if err != nil || len(waiting) != 1 {
			t.Fatalf("OpenHelpRequests = %+v, %v", waiting, err)
		}
		f.env.Clock.Advance(day(3))
		if _, err := f.c.CompleteHelp(ctx, staffCW, cs.ID, "counselled"); err != nil {
			t.Fatal(err)
		}
		want := f.env.Clock.Now().AddDate(5, 0, 0)
		if recs := f.records(t, me.ID, purposeHelp); recs[0].Due == nil || !recs[0].Due.Equal(want) {
			t.Fatalf("due %v, want %v", recs[0].Due, want)
		}
		jobstest.Drain(t, f.queue) // the person is told: a text to the request's mobile, a mail to its e-mail
		if texts := f.mail.To(notify.SMS, "01000000001"); len(texts) != 1 || !strings.Contains(texts[0].Body, "도움신청이 처리되었습니다") {
			t.Fatalf("notices %+v", f.mail.Inbox())
		}
		_, err = f.c.CompleteHelp(ctx, staffCW, cs.ID, "counselled")
		errstest.Want(t, err, errs.Conflict, "already_completed")
		mine, err := f.c.HelpRequests(ctx, me)
		if err != nil || len(mine) != 1 || mine[0].State != StateCompleted || mine[0].Outcome != "counselled" {
			t.Fatalf("HelpRequests = %+v, %v", mine, err)
		}
	})
}

func TestHelpRequestBadInput(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		lacking := Items{"name": "가상", "address": "가상"}
		_, err := f.c.RequestHelp(ctx, me, lacking)
		errstest.Want(t, err, errs.Invalid, "missing_required_items")
		bad := Items{}
		for k, v := range reporter {
			bad[k] = v
		}
		bad["email"] = "not-an-email"
		_, err = f.c.RequestHelp(ctx, me, bad)
		errstest.Want(t, err, errs.Invalid, "malformed_email")
		if f.env.Rows(t, "bokjiro_cases") != 0 || len(f.records(t, me.ID, purposeHelp)) != 0 {
			t.Fatal("a refused help request wrote something")
		}
		cs, err := f.c.RequestHelp(ctx, me, reporter)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.c.CompleteHelp(ctx, me, cs.ID, "done")
		errstest.Want(t, err, errs.Forbidden, "")
		_, err = f.c.CompleteHelp(ctx, staffCW, cs.ID, "free text with spaces")
		errstest.Want(t, err, errs.Invalid, "malformed_outcome")
	})
}
