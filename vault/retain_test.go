package vault

import (
	"context"
	"strconv"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/policy"
	"jikimi/store"
)

const bokjiro = "bokjiro"

var (
	caseworker = Actor{Kind: Staff, ID: "stf_cw1", Role: "caseworker", Source: "127.0.0.1"}
	retention  = Actor{Kind: System, ID: "retention"}
)

func day(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func TestDueOf(t *testing.T) {
	created := time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	updated := created.Add(day(3))
	event := created.Add(day(7))
	happened := func(string) (time.Time, bool) { return event, true }
	rule := func(s string) *policy.Retention {
		var r policy.Retention
		if err := decodeRule(s, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	tests := []struct {
		name  string
		rule  string
		facts dueFacts
		want  time.Time // zero: waits for an event
	}{
		{"period from collection", "{period: 2y}", dueFacts{created: created}, created.AddDate(2, 0, 0)},
		{"period from a named collection", "{period: 90d, after: collection}", dueFacts{created: created}, created.AddDate(0, 0, 90)},
		{"after an event not yet happened", "{period: 90d, after: result_notified}", dueFacts{created: created}, time.Time{}},
		{"after an event", "{period: 90d, after: result_notified}", dueFacts{created: created, event: happened}, event.AddDate(0, 0, 90)},
		{"after the last change of a draft", "{period: 30d, after: draft_changed}", dueFacts{created: created, updated: updated}, updated.AddDate(0, 0, 30)},
		{"until an event not yet happened", "{until: withdrawal}", dueFacts{created: created}, time.Time{}},
		{"until an event", "{until: withdrawal}", dueFacts{created: created, event: happened}, event},
		{"a period, or until an event not yet happened", "{period: 2y, until: withdrawal}", dueFacts{created: created}, created.AddDate(2, 0, 0)},
		{"a period, or until an event if sooner", "{period: 2y, until: withdrawal}", dueFacts{created: created, event: happened}, event},
		{"a period, or until an event that comes later", "{period: 5d, until: withdrawal}", dueFacts{created: created, event: happened}, created.AddDate(0, 0, 5)},
		{"immediate", "{immediate: true}", dueFacts{created: created}, created},
		{"immediate, not kept", "{immediate: true, keep_with_consent: [1m, 3m]}", dueFacts{created: created}, created},
		{"immediate, kept 3 months with consent", "{immediate: true, keep_with_consent: [1m, 3m]}", dueFacts{created: created, keep: policy.Period{N: 3, Unit: 'm'}}, created.AddDate(0, 3, 0)},
		{"kept apart: moved when its clock starts", "{period: 5y, after: details_destroyed, method: separate, separate: {purpose: x}}", dueFacts{created: created, event: happened}, event},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := dueOf(rule(tt.rule), tt.facts)
			if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
				t.Fatalf("dueOf = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
	if got := keptUntil(rule("{period: 5y, after: details_destroyed, method: separate, separate: {purpose: x}}"), event); !got.Equal(event.AddDate(5, 0, 0)) {
		t.Fatalf("keptUntil = %v, want 5 years after the clock starts", got)
	}
}

func (e *env) bokjiroSubject(t *testing.T) string {
	t.Helper()
	return e.subjectOf(t, bokjiro)
}

func appReq(a Actor, subject string, action Action, items ...string) Request {
	return Request{Actor: a, Service: bokjiro, Purpose: "online-application", Subject: subject, Items: items, Action: action}
}

// apply stores one online application record under rule and case.
func (e *env) apply(t *testing.T, subject, rule, caseID string) string {
	t.Helper()
	id, err := e.v.PutRetained(ctx, appReq(caseworker, subject, Input), Retain{Rule: rule, Case: caseID},
		map[string]string{"name": "SYNTHETIC-NAME-" + caseID, "address": "SYNTHETIC-ADDRESS"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// due reads a record's due date, in use or apart; nil while it waits.
func (e *env) due(t *testing.T, id string) *time.Time {
	t.Helper()
	var us *int64
	for _, table := range []string{"pd_records", "pd_separate"} {
		err := e.st.SQL().Reader().QueryRowContext(ctx, `SELECT due_at FROM `+table+` WHERE id = ?`, id).Scan(&us)
		if err == nil {
			break
		}
	}
	if us == nil {
		return nil
	}
	d := fromMicros(*us)
	return &d
}

func wantDue(t *testing.T, e *env, id string, want time.Time) {
	t.Helper()
	got := e.due(t, id)
	if want.IsZero() != (got == nil) || (got != nil && !got.Equal(want)) {
		t.Fatalf("due of %s = %v, want %v", id, got, want)
	}
}

func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.st.SQL().Reader().QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPutRetainedRefusesBadRetention(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		search := Request{Actor: sysActor, Service: bokjiro, Purpose: "welfare-search", Subject: subject, Action: Input}
		entries := e.count(t, `SELECT COALESCE(SUM(n), 0) FROM audit_batches`)
		bad := []struct {
			name string
			r    Request
			k    Retain
		}{
			{"a keeping period the rule does not offer", search, Retain{Rule: "welfare-search", Keep: policy.Period{N: 2, Unit: 'm'}}},
			{"keeping under a rule that offers none", appReq(caseworker, subject, Input), Retain{Rule: "details", Keep: policy.Period{N: 1, Unit: 'm'}}},
			{"a case that is not an opaque ID", appReq(caseworker, subject, Input), Retain{Rule: "details", Case: "신청 1"}},
			{"an unknown rule", appReq(caseworker, subject, Input), Retain{Rule: "forever"}},
		}
		for _, b := range bad {
			_, err := e.v.PutRetained(ctx, b.r, b.k, map[string]string{"name": "SYNTHETIC"})
			if errs.Code(err) != errs.Invalid {
				t.Errorf("%s: %v, want invalid", b.name, err)
			}
		}
		if n := e.countRecords(t); n != 0 {
			t.Fatalf("bad input wrote %d records", n)
		}
		if n := e.count(t, `SELECT COALESCE(SUM(n), 0) FROM audit_batches`); n != entries {
			t.Fatalf("bad input wrote %d access-log entries", n-entries)
		}
	})
}

func TestImmediateRulesAndKeepingWithConsent(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		search := Request{Actor: sysActor, Service: bokjiro, Purpose: "welfare-search", Subject: subject, Action: Input}
		now := e.clk.Now()
		at := func(k Retain) string {
			id, err := e.v.PutRetained(ctx, search, k, map[string]string{"income_info": "SYNTHETIC"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		wantDue(t, e, at(Retain{Rule: "welfare-search"}), now)
		if _, err := e.v.Give(ctx, Request{Actor: sysActor, Service: bokjiro, Subject: subject}, Consent{Scope: KeepScope("welfare-search"), Channel: ChannelWeb, Text: "3개월 보관에 동의합니다."}); err != nil {
			t.Fatal(err)
		}
		wantDue(t, e, at(Retain{Rule: "welfare-search", Keep: policy.Period{N: 3, Unit: 'm'}}), now.AddDate(0, 3, 0))
	})
}

func TestEventDatesWaitingRecords(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		a, b := e.apply(t, subject, "details", "app-a"), e.apply(t, subject, "details", "app-b")
		draft := e.apply(t, subject, "draft", "app-c")
		created := e.clk.Now()
		wantDue(t, e, a, time.Time{})
		wantDue(t, e, draft, created.AddDate(0, 0, 30))

		e.clk.Advance(day(2))
		notified := e.clk.Now().Add(-time.Hour)
		n, err := e.v.Event(ctx, Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application", Subject: subject}, RetentionEvent{Case: "app-a", Event: "result_notified", At: notified})
		if err != nil || n != 1 {
			t.Fatalf("Event = %d, %v; want one record dated", n, err)
		}
		wantDue(t, e, a, notified.AddDate(0, 0, 90))
		wantDue(t, e, b, time.Time{})
		if got := e.lastEntry(t); got.Action != "change" || got.Records != 1 || got.Purpose != "online-application" {
			t.Fatalf("log entry %+v, want a change of one record", got)
		}

		if err := e.v.Update(ctx, appReq(caseworker, subject, Change), draft, map[string]string{"address": "SYNTHETIC-NEW"}); err != nil {
			t.Fatal(err)
		}
		wantDue(t, e, draft, e.clk.Now().AddDate(0, 0, 30))
	})
}

func TestEventRefusesBadInput(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		e.apply(t, subject, "details", "app-a")
		now := e.clk.Now()
		type call struct {
			purpose string
			ev      RetentionEvent
		}
		ev := func(event, purpose string, at time.Time) call {
			return call{purpose, RetentionEvent{Event: event, At: at}}
		}
		req := func(a Actor, purpose string) Request {
			return Request{Actor: a, Service: bokjiro, Purpose: purpose, Subject: subject}
		}
		entries := e.count(t, `SELECT COALESCE(SUM(n), 0) FROM audit_batches`)
		for name, bad := range map[string]call{
			"unknown event":                  ev("forever", "online-application", now),
			"an event the vault fires":       ev("details_destroyed", "online-application", now),
			"an event in the future":         ev("result_notified", "online-application", now.Add(time.Minute)),
			"no time":                        ev("result_notified", "online-application", time.Time{}),
			"a purpose with no waiting rule": ev("result_notified", "newsletter", now),
			"an undeclared purpose":          ev("result_notified", "marketing", now),
		} {
			if _, err := e.v.Event(ctx, req(caseworker, bad.purpose), bad.ev); errs.Code(err) != errs.Invalid {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		if n := e.count(t, `SELECT COALESCE(SUM(n), 0) FROM audit_batches`); n != entries || e.count(t, `SELECT COUNT(*) FROM pd_events`) != 0 {
			t.Fatal("bad events wrote something")
		}
		c := ev("result_notified", "online-application", now)
		_, err := e.v.Event(ctx, req(self(subject), c.purpose), c.ev)
		errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		if got := e.lastEntry(t); got.Outcome != "denied" {
			t.Fatalf("a denied event is not logged: %+v", got)
		}
	})
}

func TestSubjectWithdrawalDatesEveryPurpose(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.bokjiroSubject(t)
		e.v.Give(ctx, Request{Actor: self(subject), Service: bokjiro, Subject: subject}, Consent{Scope: "purpose:membership", Channel: ChannelWeb, Text: "동의"})
		member, err := e.v.Put(ctx, Request{Actor: self(subject), Service: bokjiro, Purpose: "membership", Subject: subject, Action: Input}, "membership",
			map[string]string{"email": "synthetic@example.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		n, err := e.v.Event(ctx, Request{Actor: self(subject), Service: bokjiro, Subject: subject}, RetentionEvent{Event: "withdrawal", At: e.clk.Now()})
		if err != nil || n != 1 {
			t.Fatalf("withdrawal = %d, %v", n, err)
		}
		wantDue(t, e, member, e.clk.Now())
	})
}

// decodeRule reads one retention rule written in YAML flow style.
func decodeRule(s string, r *policy.Retention) error {
	p, err := policy.Parse("rule.yaml", []byte("service: x\npurposes:\n  - id: p\n    retention:\n      - "+s+"\n"))
	if err != nil {
		return err
	}
	*r = *p.Purposes[0].Retention[0]
	return nil
}

// destroyAll plans and destroys everything due now, as a retention run
// would, and returns what the destruction left.
func (e *env) destroyAll(t *testing.T, service string) []Destroyed {
	t.Helper()
	ref := PlanRef{ID: "pln_t" + strconv.FormatInt(e.clk.Now().UnixNano(), 36), Service: service, Cutoff: e.clk.Now(), Actor: retention}
	for c, n := (Cursor{}), 1; n > 0; {
		var err error
		if n, c, err = e.v.PlanDue(ctx, service, ref.ID, ref.Cutoff, c, 2); err != nil {
			t.Fatal(err)
		}
	}
	var all []Destroyed
	keep := func(_ context.Context, _ store.Querier, done []Destroyed) error {
		all = append(all, done...)
		return nil
	}
	for c := (Chunk{}); !c.Done; {
		var err error
		if c, err = e.v.DestroyPlanned(ctx, ref, c.Next, 2, keep); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

// Under a period that an event ends sooner ({period: 2y, until:
// withdrawal}), a record is dated at collection and the event brings its
// date forward to the event; a record stored after it keeps its period,
// and another subject's records are untouched.
func TestWithdrawalBringsAPeriodForward(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, record := e.weighed(t)
		other, kept := e.weighed(t)
		wantDue(t, e, record, epoch.AddDate(2, 0, 0))

		e.clk.Advance(day(10))
		left := e.clk.Now().Add(-time.Hour)
		n, err := e.v.Event(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, RetentionEvent{Event: "withdrawal", At: left})
		if err != nil || n != 1 {
			t.Fatalf("withdrawal = %d, %v; want the one health record dated", n, err)
		}
		wantDue(t, e, record, left)
		wantDue(t, e, kept, epoch.AddDate(2, 0, 0))
		if got := e.count(t, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND due_at IS NOT NULL`, other); got != 1 {
			t.Fatalf("the other subject's records re-dated: %d", got)
		}

		later, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"weight": "70.0"})
		if err != nil {
			t.Fatal(err)
		}
		wantDue(t, e, later, e.clk.Now().AddDate(2, 0, 0))
	})
}
