package vault

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/policies"
	"jikimi/policy"
)

// versions declares bokjiro as it is, then from 2026-06-01 with the details
// kept 30 days instead of 90, then from 2026-09-01 kept 180 days.
func versions(t *testing.T) *policy.Registry {
	t.Helper()
	base, err := fs.ReadFile(policies.FS, "bokjiro/2019-05-02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	version := func(v, period string) []byte {
		return []byte(strings.NewReplacer(
			`version: "2019-05-02"`, `version: "`+v+`"`,
			"effective: 2019-05-02", "effective: "+v,
			"period: 90d\n        after: result_notified", "period: "+period+"\n        after: result_notified",
		).Replace(string(base)))
	}
	reg, err := policy.LoadFS(fstest.MapFS{
		"p/bokjiro/2019-05-02.yaml": {Data: base},
		"p/bokjiro/2026-06-01.yaml": {Data: version("2026-06-01", "30d")},
		"p/bokjiro/2026-09-01.yaml": {Data: version("2026-09-01", "180d")},
	}, "p")
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := reg.Version(bokjiro, "2026-06-01"); p.Purpose("online-application").Rule("details").Period.String() != "30d" {
		t.Fatal("the shortened version does not shorten the details")
	}
	return reg
}

func (e *env) notify(t *testing.T, subject, caseID string, at time.Time) {
	t.Helper()
	if _, err := e.v.Event(ctx, Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application", Subject: subject}, RetentionEvent{Case: caseID, Event: "result_notified", At: at}); err != nil {
		t.Fatal(err)
	}
}

func TestNewVersionShortensFromItsEffectiveDate(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		e.reg = versions(t)
		var err error
		if e.v, err = e.open(e.ring); err != nil {
			t.Fatal(err)
		}
		subject := e.bokjiroSubject(t)
		e.clk.Set(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
		a, b, c := e.apply(t, subject, "details", "a"), e.apply(t, subject, "details", "b"), e.apply(t, subject, "details", "c")
		e.notify(t, subject, "a", e.clk.Now())
		e.clk.Set(time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC))
		e.notify(t, subject, "b", e.clk.Now())
		wantDue(t, e, a, time.Date(2026, 7, 30, 0, 0, 0, 0, time.UTC))

		e.clk.Set(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
		e.reschedule(t, 2)
		wantDue(t, e, a, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))  // 30 days from notice is past: from the effective date
		wantDue(t, e, b, time.Date(2026, 6, 24, 0, 0, 0, 0, time.UTC)) // 30 days from notice
		wantDue(t, e, c, time.Time{})                                  // still waits for its notice
		e.reschedule(t, 0)                                             // re-running changes nothing
		if done := e.destroyAll(t, bokjiro); len(done) != 1 || done[0].Record != a {
			t.Fatalf("destroyed %+v, want a", done)
		}

		e.clk.Set(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
		e.reschedule(t, 0)
		wantDue(t, e, b, time.Date(2026, 6, 24, 0, 0, 0, 0, time.UTC)) // lengthening keeps the shorter promise
		if e.due(t, a) != nil || e.countRecords(t) != 2 {
			t.Fatal("lengthening brought destroyed data back")
		}
		e.notify(t, subject, "c", e.clk.Now())
		wantDue(t, e, c, e.clk.Now().AddDate(0, 0, 180)) // dated under the version in force
	})
}

func (e *env) reschedule(t *testing.T, want int) {
	t.Helper()
	n, err := e.v.Reschedule(ctx, bokjiro, 1)
	if err != nil || n != want {
		t.Fatalf("Reschedule = %d, %v; want %d re-dated", n, err, want)
	}
}
