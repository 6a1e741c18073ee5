package vault

import (
	"testing"
	"time"

	"jikimi/errs"
)

// A submitted draft becomes the case's details and history in one step:
// the draft's 30-day clock stops, the details wait for the result notice.
func TestRefileMovesADraftToItsDetailsAndHistory(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		draft := e.apply(t, subject, "draft", "app-a")
		to := []Target{
			{Retain: Retain{Rule: "details", Case: "app-a"}, Items: []string{"address", "name"}},
			{Retain: Retain{Rule: "history", Case: "app-a"}, Items: []string{"name"}},
		}
		ids, err := e.v.Refile(ctx, appReq(self(subject), subject, Input, "address", "name"), draft, to)
		if err != nil || len(ids) != 2 {
			t.Fatalf("Refile = %v, %v", ids, err)
		}
		if got := e.lastEntry(t); got.Action != "input" || got.Records != 3 || got.Items != "address,name" {
			t.Fatalf("log entry %+v", got)
		}
		if _, err := e.v.Get(ctx, appReq(caseworker, subject, View, "name"), draft); errs.Code(err) != errs.NotFound {
			t.Fatalf("the draft outlived its refiling: %v", err)
		}
		got, err := e.v.Get(ctx, appReq(caseworker, subject, View, "name", "address"), ids[1])
		if err != nil || got.Rule != "history" || got.Case != "app-a" || got.Values["name"] != "SYNTHETIC-NAME-app-a" || got.Values["address"] != "" {
			t.Fatalf("history = %+v, %v; want the name only", got, err)
		}
		wantDue(t, e, ids[0], time.Time{})
	})
}

// A refiling that fails leaves the draft as it was and writes nothing.
func TestRefileIsAllOrNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		draft := e.apply(t, subject, "draft", "app-a")
		before := e.count(t, `SELECT COUNT(*) FROM pd_records`)
		bad := map[string]struct {
			items []string
			to    []Target
		}{
			"no targets":                {[]string{"address", "name"}, nil},
			"items not the record's":    {[]string{"name"}, []Target{{Retain: Retain{Rule: "details"}, Items: []string{"name"}}}},
			"a target item not held":    {[]string{"address", "name"}, []Target{{Retain: Retain{Rule: "details"}, Items: []string{"name"}}, {Retain: Retain{Rule: "history"}, Items: []string{"rrn"}}}},
			"an unknown rule":           {[]string{"address", "name"}, []Target{{Retain: Retain{Rule: "details"}, Items: []string{"name"}}, {Retain: Retain{Rule: "forever"}, Items: []string{"name"}}}},
			"a target without any item": {[]string{"address", "name"}, []Target{{Retain: Retain{Rule: "details"}}}},
		}
		for name, tc := range bad {
			if _, err := e.v.Refile(ctx, appReq(self(subject), subject, Input, tc.items...), draft, tc.to); errs.Code(err) != errs.Invalid {
				t.Fatalf("%s: err = %v, want invalid", name, err)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM pd_records`); n != before {
			t.Fatalf("%d records after failed refilings, want %d", n, before)
		}
		if _, err := e.v.Get(ctx, appReq(caseworker, subject, View, "name"), draft); err != nil {
			t.Fatalf("the draft is gone after failed refilings: %v", err)
		}
	})
}

// Pass decides and logs, and stores nothing; it refuses items kept longer.
func TestPassStoresNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		look := Request{Actor: self(subject), Service: bokjiro, Purpose: "my-welfare", Subject: subject, Items: []string{"name", "pension_months", "rrn"}, Action: View}
		if err := e.v.Pass(ctx, look); err != nil {
			t.Fatal(err)
		}
		if got := e.lastEntry(t); got.Purpose != "my-welfare" || got.Action != "view" || got.Outcome != "allowed" || got.Items != "name,pension_months,rrn" {
			t.Fatalf("log entry %+v", got)
		}
		if e.count(t, `SELECT COUNT(*) FROM pd_records`)+e.count(t, `SELECT COUNT(*) FROM pd_keys`) != 0 {
			t.Fatal("a passing access stored something")
		}
		kept := appReq(self(subject), subject, Input, "name")
		if err := e.v.Pass(ctx, kept); errs.Code(err) != errs.Invalid {
			t.Fatalf("Pass of an item kept for months: %v, want invalid", err)
		}
		other := look
		other.Actor = self("sub_other")
		if err := e.v.Pass(ctx, other); errs.Code(err) != errs.Forbidden {
			t.Fatalf("Pass by another subject: %v, want forbidden", err)
		}
	})
}

// CaseLeft sees a case's records in use and kept apart, and nothing once
// they are gone; it refuses items and a missing case.
func TestCaseLeft(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		left := func(caseID string) bool {
			t.Helper()
			ok, err := e.v.CaseLeft(ctx, appReq(retention, subject, View), caseID)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		e.apply(t, subject, "details", "app-a")
		e.apply(t, subject, "history", "app-a")
		if !left("app-a") || left("app-b") {
			t.Fatal("CaseLeft does not see what is kept")
		}
		nextDue := func() time.Time {
			t.Helper()
			h, err := e.v.CaseHeld(ctx, appReq(retention, subject, View), "app-a")
			if err != nil || !h.Left {
				t.Fatalf("CaseHeld = %+v, %v", h, err)
			}
			return h.NextDue
		}
		if due := nextDue(); !due.IsZero() {
			t.Fatalf("next due %v before the result notice dated anything", due)
		}
		notified := e.clk.Now()
		if _, err := e.v.Event(ctx, Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application", Subject: subject}, RetentionEvent{Case: "app-a", Event: "result_notified", At: notified}); err != nil {
			t.Fatal(err)
		}
		if due := nextDue(); !due.Equal(notified.UTC().AddDate(0, 0, 90)) {
			t.Fatalf("next due %v, want the details' 90 days after the notice", due)
		}
		e.clk.Advance(day(90))
		e.destroyAll(t, bokjiro)
		if done := e.destroyAll(t, bokjiro); len(done) != 1 || done[0].Step != StepSeparate || !left("app-a") {
			t.Fatalf("moved %+v; a case kept apart must still be left", done)
		}
		if due := nextDue(); due.Before(e.clk.Now().AddDate(4, 11, 0)) {
			t.Fatalf("next due %v, want the history's 5 years apart", due)
		}
		e.clk.Set(e.clk.Now().AddDate(5, 0, 0))
		e.destroyAll(t, bokjiro)
		if left("app-a") {
			t.Fatal("a destroyed case is still left")
		}
		if _, err := e.v.CaseLeft(ctx, appReq(retention, subject, View, "name"), "app-a"); errs.Code(err) != errs.Invalid {
			t.Fatalf("CaseLeft with items: %v", err)
		}
		if _, err := e.v.CaseLeft(ctx, appReq(retention, subject, View), ""); errs.Code(err) != errs.Invalid {
			t.Fatalf("CaseLeft without a case: %v", err)
		}
	})
}

// ListCase reads one case's records only, and logs only those.
func TestListCase(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		a := e.apply(t, subject, "draft", "app-a")
		e.apply(t, subject, "draft", "app-b")
		got, err := e.v.ListCase(ctx, appReq(caseworker, subject, View, "name"), "app-a")
		if err != nil || len(got) != 1 || got[0].ID != a || got[0].Values["name"] != "SYNTHETIC-NAME-app-a" {
			t.Fatalf("ListCase = %+v, %v", got, err)
		}
		if entry := e.lastEntry(t); entry.Records != 1 || entry.Action != "view" {
			t.Fatalf("log entry %+v, want one record viewed", entry)
		}
		if _, err := e.v.ListCase(ctx, appReq(caseworker, subject, View, "name"), ""); errs.Code(err) != errs.Invalid {
			t.Fatalf("ListCase without a case: %v", err)
		}
	})
}

// CasesHeld answers for many cases as CaseHeld does for one, logs one
// entry per case, gives a subject the gate refuses (here, suspended)
// nothing, and is for a system actor only.
func TestCasesHeld(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		kept, suspended := e.bokjiroSubject(t), e.bokjiroSubject(t)
		e.apply(t, kept, "details", "app-a")
		e.apply(t, suspended, "details", "app-w")
		if _, err := e.v.Suspend(ctx, Request{Actor: self(suspended), Service: bokjiro, Purpose: "online-application", Subject: suspended}); err != nil {
			t.Fatal(err)
		}
		before := e.lastSeq(t)
		refs := []CaseRef{{kept, "app-a"}, {kept, "app-none"}, {suspended, "app-w"}}
		got, err := e.v.CasesHeld(ctx, Request{Actor: retention, Service: bokjiro, Purpose: "online-application"}, refs)
		if err != nil || len(got) != 3 || !got[0].Left || got[1].Left || got[2].Left {
			t.Fatalf("CasesHeld = %+v, %v; want only app-a left", got, err)
		}
		if n := e.lastSeq(t) - before; n != 3 {
			t.Fatalf("%d log entries, want one per case", n)
		}
		if last := e.lastEntry(t); last.Outcome != "denied" {
			t.Fatalf("the suspended subject's entry %+v, want denied", last)
		}
		if _, err := e.v.CasesHeld(ctx, Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application"}, refs); errs.Code(err) != errs.Forbidden {
			t.Fatalf("CasesHeld as staff: %v", err)
		}
		if _, err := e.v.CasesHeld(ctx, Request{Actor: retention, Service: bokjiro, Purpose: "online-application"}, []CaseRef{{kept, ""}}); errs.Code(err) != errs.Invalid {
			t.Fatalf("CasesHeld without a case: %v", err)
		}
	})
}
