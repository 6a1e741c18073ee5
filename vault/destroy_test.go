package vault

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/sqlite/sqlitetest"
)

func TestDestroyPlannedShredsDueRecords(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		other, kept := e.weighed(t)
		e.clk.Advance(day(1))
		if _, err := e.v.Put(ctx, healthReq(self(other), other, Input), "service", map[string]string{"steps": "9000"}); err != nil {
			t.Fatal(err)
		}
		if got := e.destroyAll(t, seoulSvc); len(got) != 0 {
			t.Fatalf("destroyed %d records before they were due", len(got))
		}
		e.clk.Set(epoch.AddDate(2, 0, 0))
		done := e.destroyAll(t, seoulSvc)
		if len(done) != 2 {
			t.Fatalf("destroyed %d records, want the 2 due", len(done))
		}
		for _, d := range done {
			if d.Step != StepDestroy || d.Method != MethodCryptoShred || d.Rule != "service" || !d.Due.Equal(epoch.AddDate(2, 0, 0)) {
				t.Fatalf("destruction record %+v", d)
			}
			if d.KeyDestroyed != (d.Subject == subject) {
				t.Fatalf("key destroyed = %v for %s: want the key of a purpose that keeps nothing more, only", d.KeyDestroyed, d.Subject)
			}
		}
		if _, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id); errs.Code(err) != errs.NotFound {
			t.Fatalf("a destroyed record read back: %v", err)
		}
		if _, err := e.v.Get(ctx, healthReq(operator, other, View, "weight"), kept); errs.Code(err) != errs.NotFound {
			t.Fatalf("a destroyed record read back: %v", err)
		}
		if e.count(t, `SELECT COUNT(*) FROM pd_keys WHERE subject_id = ?`, subject) != 0 || e.count(t, `SELECT COUNT(*) FROM pd_keys WHERE subject_id = ?`, other) != 1 {
			t.Fatal("want the data key of the emptied purpose destroyed and the other kept")
		}
		if got := e.lastEntry(t); got.Handler != "system:retention" || got.Action != "delete" || got.Purpose != "health-service" || got.Subject != "" {
			t.Fatalf("log entry %+v, want one delete entry per chunk and purpose", got)
		}
	})
}

// A draft changed after it was planned leaves the plan: it is destroyed
// only once due again, by a later plan.
func TestChangedDraftLeavesItsPlan(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		draft := e.apply(t, subject, "draft", "app-a")
		e.clk.Advance(day(31))
		ref := PlanRef{ID: "pln_1", Service: bokjiro, Cutoff: e.clk.Now(), Actor: retention}
		if n, _, err := e.v.PlanDue(ctx, bokjiro, ref.ID, ref.Cutoff, Cursor{}, 10); err != nil || n != 1 {
			t.Fatalf("PlanDue = %d, %v", n, err)
		}
		if err := e.v.Update(ctx, appReq(caseworker, subject, Change), draft, map[string]string{"address": "SYNTHETIC-NEW"}); err != nil {
			t.Fatal(err)
		}
		c, err := e.v.DestroyPlanned(ctx, ref, Cursor{}, 10, nothing)
		if err != nil || c.Destroyed != 0 || !c.Done {
			t.Fatalf("chunk = %+v, %v; want the changed draft left alone", c, err)
		}
		if _, err := e.v.Get(ctx, appReq(caseworker, subject, View, "name"), draft); err != nil {
			t.Fatalf("a changed draft was destroyed: %v", err)
		}
		e.clk.Advance(day(30))
		if done := e.destroyAll(t, bokjiro); len(done) != 1 || done[0].Record != draft {
			t.Fatalf("destroyed %+v, want the draft once due again", done)
		}
	})
}

func nothing(context.Context, store.Querier, []Destroyed) error { return nil }

func TestDestructionCommitsWithItsRecord(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		e.clk.Set(epoch.AddDate(2, 0, 1))
		ref := PlanRef{ID: "pln_1", Service: seoulSvc, Cutoff: e.clk.Now(), Actor: retention}
		if _, _, err := e.v.PlanDue(ctx, seoulSvc, ref.ID, ref.Cutoff, Cursor{}, 10); err != nil {
			t.Fatal(err)
		}
		fail := func(context.Context, store.Querier, []Destroyed) error { return errors.New("recorder down") }
		if _, err := e.v.DestroyPlanned(ctx, ref, Cursor{}, 10, fail); err == nil {
			t.Fatal("a chunk whose destruction records failed committed")
		}
		if _, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id); err != nil {
			t.Fatalf("a destruction without its record was not rolled back: %v", err)
		}
		if c, err := e.v.DestroyPlanned(ctx, ref, Cursor{}, 10, nothing); err != nil || c.Destroyed != 1 {
			t.Fatalf("retry = %+v, %v", c, err)
		}
		ref.Actor = operator
		if _, err := e.v.DestroyPlanned(ctx, ref, Cursor{}, 10, nothing); errs.Code(err) != errs.Invalid {
			t.Fatalf("staff destroyed a plan: %v", err)
		}
	})
}

// The online application's history (신청 이력) waits for its details; when
// the details of a case are destroyed it moves into separate storage, where
// only its purpose's staff reach it, and is destroyed 5 years later.
func TestApplicationHistoryKeptApart(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		e.apply(t, subject, "details", "app-a")
		histA, histB := e.apply(t, subject, "history", "app-a"), e.apply(t, subject, "history", "app-b")
		e.apply(t, subject, "details", "app-b")
		if _, err := e.v.Event(ctx, Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application", Subject: subject}, RetentionEvent{Case: "app-a", Event: "result_notified", At: e.clk.Now()}); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(day(90))
		if done := e.destroyAll(t, bokjiro); len(done) != 1 || done[0].Rule != "details" {
			t.Fatalf("destroyed %+v, want case a's details", done)
		}
		destroyedAt := e.clk.Now()
		wantDue(t, e, histA, destroyedAt)
		wantDue(t, e, histB, time.Time{})

		done := e.destroyAll(t, bokjiro)
		if len(done) != 1 || done[0].Record != histA || done[0].Step != StepSeparate || done[0].Method != MethodSeparate {
			t.Fatalf("moved %+v, want case a's history moved apart", done)
		}
		wantDue(t, e, histA, destroyedAt.AddDate(5, 0, 0))
		e.checkApartReads(t, subject, histA)

		e.clk.Set(destroyedAt.AddDate(5, 0, 0))
		done = e.destroyAll(t, bokjiro)
		if len(done) != 1 || done[0].Record != histA || done[0].Step != StepDestroy || !done[0].KeyDestroyed {
			t.Fatalf("destroyed %+v, want the kept history destroyed with its key", done)
		}
		if e.count(t, `SELECT COUNT(*) FROM pd_keys WHERE purpose = 'separate/online-application'`) != 0 {
			t.Fatal("the key of separate storage outlived what it sealed")
		}
	})
}

// checkApartReads: the kept record is reachable only through its purpose.
func (e *env) checkApartReads(t *testing.T, subject, id string) {
	t.Helper()
	got, err := e.v.ListSeparate(ctx, appReq(caseworker, subject, View, "name"))
	if err != nil || len(got) != 1 || got[0].ID != id || got[0].Case != "app-a" || got[0].Values["name"] != "SYNTHETIC-NAME-app-a" {
		t.Fatalf("ListSeparate = %+v, %v", got, err)
	}
	if _, err := e.v.GetSeparate(ctx, appReq(caseworker, subject, View, "name"), id); err != nil {
		t.Fatal(err)
	}
	inUse, err := e.v.List(ctx, appReq(caseworker, subject, View, "name"))
	if err != nil || slices.ContainsFunc(inUse, func(r *Record) bool { return r.ID == id }) {
		t.Fatalf("a record kept apart is listed with the records in use: %v", err)
	}
	for name, r := range map[string]Request{
		"the subject":          appReq(self(subject), subject, View, "name"),
		"a role of no purpose": appReq(Actor{Kind: Staff, ID: "stf_s", Role: "statistician", Source: "127.0.0.1"}, subject, View, "name"),
		"another purpose":      {Actor: caseworker, Service: bokjiro, Purpose: "help-request", Subject: subject, Items: []string{"name"}, Action: View},
		"a change":             appReq(caseworker, subject, Change, "name"),
	} {
		if _, err := e.v.GetSeparate(ctx, r, id); errs.Code(err) != errs.NotFound && errs.Code(err) != errs.Forbidden {
			t.Errorf("%s reached separate storage: %v", name, err)
		}
	}
}

// The CI kept 5 years after withdrawal to prevent duplicate participation:
// moved apart, still found by its blind index for that purpose only, kept
// from a subject's shredding request, and gone with its index 5 years on.
func TestDuplicatePreventionKeptApart(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, ci, r := e.ciSubject(t, 'C')
		if _, err := e.v.Put(ctx, r, "duplicate-prevention", map[string]string{"ci": ci}); err != nil {
			t.Fatal(err)
		}
		if err := e.v.Index(ctx, r, IndexCI, ci); err != nil {
			t.Fatal(err)
		}
		if _, err := e.v.Event(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, RetentionEvent{Event: "withdrawal", At: e.clk.Now()}); err != nil {
			t.Fatal(err)
		}
		withdrawn := e.clk.Now()
		if done := e.destroyAll(t, seoulSvc); len(done) != 1 || done[0].Step != StepSeparate || !done[0].KeyDestroyed {
			t.Fatalf("moved %+v, want the CI moved apart and its key in use destroyed", done)
		}
		e.wantFound(t, ci, subject)
		rejoined := r
		rejoined.Items = []string{"account"}
		if _, err := e.v.Put(ctx, rejoined, "duplicate-prevention", map[string]string{"account": "SYNTHETIC-REJOINED"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.v.ShredSubject(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}); err != nil {
			t.Fatal(err)
		}
		got, err := e.v.ListSeparate(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention", Subject: subject, Items: []string{"ci"}, Action: View})
		if err != nil || len(got) != 1 || got[0].Values["ci"] != ci {
			t.Fatalf("ListSeparate after a shredding request = %+v, %v", got, err)
		}
		e.wantFound(t, ci, subject)
		e.clk.Set(withdrawn.AddDate(5, 0, 0))
		if done := e.destroyAll(t, seoulSvc); len(done) != 1 || done[0].Step != StepDestroy {
			t.Fatalf("destroyed %+v", done)
		}
		e.wantFound(t, ci)
	})
}

func (e *env) wantFound(t *testing.T, ci string, subjects ...string) {
	t.Helper()
	found, err := e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexCI, ci)
	if err != nil || !slices.Equal(found, subjects) {
		t.Fatalf("Lookup = %v, %v; want %v", found, err, subjects)
	}
}

// After a destruction and its purge, neither the sealed record nor its
// data key is anywhere in the database files.
func TestDestroyedIsGoneFromTheFiles(t *testing.T) {
	e := sqliteEnv(t)
	subject, _ := e.weighed(t)
	var wrapped, sealed []byte
	q := e.st.SQL().Reader()
	if err := q.QueryRowContext(ctx, `SELECT wrapped FROM pd_keys WHERE subject_id = ?`, subject).Scan(&wrapped); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT sealed FROM pd_records WHERE subject_id = ?`, subject).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	e.clk.Set(epoch.AddDate(2, 0, 0))
	e.destroyAll(t, seoulSvc)
	if err := e.v.PurgeDestroyed(ctx); err != nil {
		t.Fatal(err)
	}
	raw := sqlitetest.Bytes(t, e.dbPath)
	if bytes.Contains(raw, wrapped) || bytes.Contains(raw, sealed) {
		t.Fatal("a destroyed record or its data key is still in the database files")
	}
}
