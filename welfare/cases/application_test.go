package cases

import (
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/vault/vaulttest"
)

var complete = Items{"name": "가상신청인", "rrn": rrnOldCheckWrong, "address": "가상시 가상구 가상로 1", "household_relation": "본인"}

// draft -> submitted -> under review -> notified, with the retention of
// each step as the seed declares it.
func TestApplicationLifecycle(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		cs, err := f.c.Draft(ctx, me, "WLF00001188", Items{"name": "가상신청인", "phone": "010-0000-0001"})
		if err != nil || cs.State != StateDraft {
			t.Fatalf("Draft = %+v, %v", cs, err)
		}
		recs := f.records(t, me.ID, purposeApplication)
		if len(recs) != 1 || recs[0].Rule != "draft" || !recs[0].Due.Equal(f.env.Clock.Now().Add(day(30))) {
			t.Fatalf("draft record %+v, want due 30 days after its last change", recs)
		}
		_, err = f.c.Submit(ctx, me, cs.ID)
		errstest.Want(t, err, errs.Invalid, "missing_required_items")
		if got, _ := f.c.Application(ctx, me, cs.ID); got.State != StateDraft || len(f.records(t, me.ID, purposeApplication)) != 1 {
			t.Fatalf("a refused submission changed the case: %+v", got)
		}
		f.env.Clock.Advance(day(10))
		if err := f.c.ChangeDraft(ctx, me, cs.ID, complete); err != nil {
			t.Fatal(err)
		}
		if recs := f.records(t, me.ID, purposeApplication); !recs[0].Due.Equal(f.env.Clock.Now().Add(day(30))) {
			t.Fatalf("changed draft due %v, want 30 days from the change", recs[0].Due)
		}
		if _, err := f.c.Submit(ctx, me, cs.ID); err != nil {
			t.Fatal(err)
		}
		errstest.Want(t, f.c.ChangeDraft(ctx, me, cs.ID, Items{"phone": "010-0000-0002"}), errs.Conflict, "changed_after_submission")
		_, err = f.c.Submit(ctx, me, cs.ID)
		errstest.Want(t, err, errs.Conflict, "already_submitted")
		f.checkSubmitted(t, me.ID, cs.ID)
		f.review(t, cs.ID)
		f.checkNotified(t, me.ID, cs.ID)
	})
}

// checkSubmitted: the details and the history wait for their events.
func (f *fixture) checkSubmitted(t *testing.T, subject, id string) {
	t.Helper()
	rules := map[string]int{}
	for _, rec := range f.records(t, subject, purposeApplication) {
		rules[rec.Rule]++
		if rec.Case != id || rec.Due != nil {
			t.Fatalf("record %+v after submission, want it waiting for its event", rec)
		}
		if rec.Rule == "history" && len(rec.Values) != len(historyItems) {
			t.Fatalf("history holds %v, want %v only", rec.Values, historyItems)
		}
	}
	if rules["details"] != 1 || rules["history"] != 1 || len(rules) != 2 {
		t.Fatalf("rules after submission %v, want one details and one history record", rules)
	}
}

func (f *fixture) review(t *testing.T, id string) {
	t.Helper()
	queue, err := f.c.Queue(ctx, staffCW)
	if err != nil || len(queue) != 1 || queue[0].ID != id {
		t.Fatalf("Queue = %+v, %v", queue, err)
	}
	app, err := f.c.Review(ctx, staffCW, id)
	if err != nil || app.Items["rrn"] != "0001013000000" || app.Items["household_relation"] != "본인" {
		t.Fatalf("Review = %+v, %v", app, err)
	}
	_, err = f.c.Notify(ctx, staffCW, id, "approved")
	errstest.Want(t, err, errs.Conflict, "not_under_review")
	if _, err := f.c.StartReview(ctx, staffCW, id); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.Notify(ctx, staffCW, id, "maybe")
	errstest.Want(t, err, errs.Invalid, "unknown_outcome")
	if got, err := f.c.Notify(ctx, staffCW, id, "approved"); err != nil || got.State != StateNotified || got.Outcome != "approved" {
		t.Fatalf("Notify = %+v, %v", got, err)
	}
}

// checkNotified: the details fall due 90 days after the notice; the
// history still waits for the details' destruction.
func (f *fixture) checkNotified(t *testing.T, subject, id string) {
	t.Helper()
	notified := f.env.Clock.Now()
	for _, rec := range f.records(t, subject, purposeApplication) {
		switch {
		case rec.Rule == "details" && (rec.Due == nil || !rec.Due.Equal(notified.Add(day(90)))):
			t.Fatalf("details due %v, want 90 days after the notice", rec.Due)
		case rec.Rule == "history" && rec.Due != nil:
			t.Fatalf("history due %v, want it waiting for the details' destruction", rec.Due)
		}
	}
}

// Bad input is refused with a clear code and writes nothing.
func TestApplicationBadInput(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		tests := []struct {
			name, service string
			items         Items
			code, reason  string
		}{
			{"RRN of the wrong shape", "WLF1", Items{"rrn": "12345-1234567"}, errs.Invalid, "malformed_rrn"},
			{"RRN with an unreal birth date", "WLF1", Items{"rrn": "001341-3000000"}, errs.Invalid, "malformed_rrn"},
			{"an undeclared item", "WLF1", Items{"name": "가상", "blood_type": "A"}, errs.Invalid, "undeclared_item"},
			{"an empty item", "WLF1", Items{"name": "  "}, errs.Invalid, "empty_item"},
			{"no items", "WLF1", Items{}, errs.Invalid, "empty_application"},
			{"no service", "", complete, errs.Invalid, "malformed_service"},
		}
		for _, tt := range tests {
			_, err := f.c.Draft(ctx, me, tt.service, tt.items)
			errstest.Want(t, err, tt.code, tt.reason)
		}
		_, err := f.c.Draft(ctx, staffCW, "WLF1", complete)
		errstest.Want(t, err, errs.Forbidden, "")
		if f.env.Rows(t, "bokjiro_cases") != 0 || len(f.records(t, me.ID, purposeApplication)) != 0 {
			t.Fatal("refused drafts wrote something")
		}
		cs, err := f.c.Draft(ctx, me, "WLF1", complete)
		if err != nil {
			t.Fatal(err)
		}
		before := f.records(t, me.ID, purposeApplication)[0].Values
		errstest.Want(t, f.c.ChangeDraft(ctx, me, cs.ID, Items{"address": "가상 새 주소", "rrn": "bad"}), errs.Invalid, "malformed_rrn")
		if after := f.records(t, me.ID, purposeApplication)[0].Values; after["address"] != before["address"] {
			t.Fatal("a refused change was half-written")
		}
		other := f.citizen(t)
		errstest.Want(t, f.c.ChangeDraft(ctx, other, cs.ID, complete), errs.NotFound, "")
		_, err = f.c.Review(ctx, staffCW, cs.ID)
		errstest.Want(t, err, errs.NotFound, "")
	})
}
