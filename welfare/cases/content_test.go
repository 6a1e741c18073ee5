package cases

import (
	"maps"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
)

// contentDay is a day under bokjiro 2026-12-07, which declares the content
// items of help requests and fraud reports.
var contentDay = time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)

func with(in Items, id, v string) Items {
	out := maps.Clone(in)
	out[id] = v
	return out
}

// A help request carries what help is needed: required from 2026-12-07 on,
// stored through the gate with the request, shown to its owner (and not to
// another person) and to the caseworker, and its result is told to the
// person.
func TestHelpRequestCarriesItsContent(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixtureAt(t, open, contentDay)
		me, other := f.citizen(t), f.citizen(t)
		_, err := f.c.RequestHelp(ctx, me, reporter)
		errstest.Want(t, err, errs.Invalid, "missing_required_items")
		if f.env.Rows(t, "bokjiro_cases") != 0 || len(f.records(t, me.ID, purposeHelp)) != 0 {
			t.Fatal("a help request without its content wrote something")
		}
		need := "혼자 거동이 어려워\n방문 돌봄 서비스를 받고 싶습니다."
		cs, err := f.c.RequestHelp(ctx, me, with(reporter, HelpContent, need))
		if err != nil {
			t.Fatal(err)
		}
		mine, err := f.c.HelpRequestOf(ctx, me, cs.ID)
		if err != nil || mine.Items[HelpContent] != need || mine.Items["name"] != reporter["name"] {
			t.Fatalf("HelpRequestOf = %+v, %v", mine, err)
		}
		_, err = f.c.HelpRequestOf(ctx, other, cs.ID)
		errstest.Want(t, err, errs.NotFound, "")
		seen, err := f.c.HelpRequest(ctx, staffCW, cs.ID)
		if err != nil || seen.Items[HelpContent] != need {
			t.Fatalf("caseworker's HelpRequest = %+v, %v", seen, err)
		}
		if _, err := f.c.CompleteHelp(ctx, staffCW, cs.ID, "visited"); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, f.queue)
		if texts := f.mail.To(notify.SMS, "01000000001"); len(texts) != 1 || strings.Contains(texts[0].Body, "돌봄") {
			t.Fatalf("notices %+v: want one text, without the request's content", f.mail.Inbox())
		}
		mine, err = f.c.HelpRequestOf(ctx, me, cs.ID)
		if err != nil || mine.State != StateCompleted || mine.Outcome != "visited" || mine.Items[HelpContent] != need {
			t.Fatalf("after completion: %+v, %v", mine, err)
		}
	})
}

// The content is free text within bounds; under the version before it, it
// is not collected at all.
func TestContentItemBadInput(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixtureAt(t, open, contentDay)
		me := f.citizen(t)
		for _, tc := range []struct{ value, reason string }{
			{strings.Repeat("가", maxContent+1), "item_too_long"},
			{"도움\x00요청", "bad_characters"},
			{"도움\u202e요청", "bad_characters"},
			{"   ", "empty_item"},
		} {
			_, err := f.c.RequestHelp(ctx, me, with(reporter, HelpContent, tc.value))
			errstest.Want(t, err, errs.Invalid, tc.reason)
			_, err = f.c.ReportFraud(ctx, me, with(reporter, ReportContent, tc.value), []string{"epeople", "clean-portal"})
			errstest.Want(t, err, errs.Invalid, tc.reason)
		}
		if _, err := f.c.RequestHelp(ctx, me, with(reporter, HelpContent, strings.Repeat("가", maxContent))); err != nil {
			t.Fatalf("content of %d characters: %v", maxContent, err)
		}
		if n := f.env.Rows(t, "bokjiro_cases"); n != 1 {
			t.Fatalf("%d cases, want the one valid request only", n)
		}
		old := newFixture(t, open) // 2026-03-02: bokjiro 2019-05-02
		_, err := old.c.RequestHelp(ctx, old.citizen(t), with(reporter, HelpContent, "방문 돌봄"))
		errstest.Want(t, err, errs.Invalid, "undeclared_item")
	})
}

// A fraud report carries what is reported; its owner reads it back, a
// second person does not; the caseworker concludes it and the reporter is
// told; the complaint systems receive the contact items their provisions
// name and never the content.
func TestFraudReportCarriesItsContentAndItsResult(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixtureAt(t, open, contentDay)
		me, other := f.citizen(t), f.citizen(t)
		all := []string{"epeople", "clean-portal"}
		_, err := f.c.ReportFraud(ctx, me, reporter, all)
		errstest.Want(t, err, errs.Invalid, "missing_required_items")
		what := "가상구 가상동의 한 사업장이 근로 사실을 숨기고 급여를 받고 있습니다."
		cs, err := f.c.ReportFraud(ctx, me, with(reporter, ReportContent, what), all)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := f.c.FraudReportOf(ctx, me, cs.ID)
		if err != nil || mine.Items[ReportContent] != what {
			t.Fatalf("FraudReportOf = %+v, %v", mine, err)
		}
		_, err = f.c.FraudReportOf(ctx, other, cs.ID)
		errstest.Want(t, err, errs.NotFound, "")
		_, err = f.c.ConcludeFraud(ctx, me, cs.ID, "investigated")
		errstest.Want(t, err, errs.Forbidden, "")
		_, err = f.c.ConcludeFraud(ctx, staffCW, cs.ID, "free text")
		errstest.Want(t, err, errs.Invalid, "malformed_outcome")
		done, err := f.c.ConcludeFraud(ctx, staffCW, cs.ID, "investigated")
		if err != nil || done.State != StateConcluded {
			t.Fatalf("ConcludeFraud = %+v, %v", done, err)
		}
		_, err = f.c.ConcludeFraud(ctx, staffCW, cs.ID, "investigated")
		errstest.Want(t, err, errs.Conflict, "already_concluded")
		for range 2 {
			jobstest.Drain(t, f.queue)
		}
		texts := f.mail.To(notify.SMS, "01000000001")
		if len(texts) != 1 || !strings.Contains(texts[0].Body, "부정수급 신고의 처리 결과") || strings.Contains(texts[0].Body, "사업장") {
			t.Fatalf("notices %+v: want one text about the result, without the content", f.mail.Inbox())
		}
		if mails := f.mail.To(notify.Email, "person@example.invalid"); len(mails) != 1 {
			t.Fatalf("mails %+v", f.mail.Inbox())
		}
		concluded, err := f.c.FraudReportsIn(ctx, staffCW, StateConcluded)
		if err != nil || len(concluded) != 1 || concluded[0].Outcome != "investigated" {
			t.Fatalf("FraudReportsIn = %+v, %v", concluded, err)
		}
		for id, sim := range f.complaints {
			if got := sim.Received(); len(got) != 1 || strings.Contains(strings.Join([]string{got[0].Name, got[0].Address, got[0].Purpose}, " "), "사업장") {
				t.Fatalf("%s received %+v", id, got)
			}
		}
	})
}
