package vault

import (
	"testing"

	"jikimi/audit"
)

// DueCounts counts the records whose retention step is due, and those due
// a while ago, per service: none before, both after, the other service none.
func TestDueCounts(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		e.weighed(t)
		e.clk.Advance(day(3))
		e.weighed(t) // due three days after the first
		if d, err := e.v.DueCounts(ctx, seoulSvc, e.clk.Now(), e.clk.Now().Add(-day(1))); err != nil || d != (Due{}) {
			t.Fatalf("before anything is due: %+v, %v", d, err)
		}
		e.clk.Set(epoch.AddDate(2, 0, 2)) // the first is two days overdue, the second not yet due
		now := e.clk.Now()
		if d, err := e.v.DueCounts(ctx, seoulSvc, now, now.Add(-day(1))); err != nil || d != (Due{Due: 1, Overdue: 1}) {
			t.Fatalf("one due two days ago: %+v, %v", d, err)
		}
		if d, err := e.v.DueCounts(ctx, seoulSvc, now.Add(day(2)), now); err != nil || d != (Due{Due: 2, Overdue: 1}) {
			t.Fatalf("both due, one of them overdue: %+v, %v", d, err)
		}
		if d, err := e.v.DueCounts(ctx, bokjiro, now.Add(day(2)), now); err != nil || d != (Due{}) {
			t.Fatalf("another service's: %+v, %v", d, err)
		}
	})
}

// Config.Decided hears every decision with its outcome and reason code.
func TestDecidedHearsEveryDecision(t *testing.T) {
	e := sqliteEnv(t)
	type heard struct{ outcome, reason string }
	var got []heard
	v, err := Open(ctx, e.config(func(c *Config) {
		c.Decided = func(o audit.Outcome, reason string) { got = append(got, heard{string(o), reason}) }
	}))
	if err != nil {
		t.Fatal(err)
	}
	subject, record := e.weighed(t)
	if _, err := v.Get(ctx, healthReq(self(subject), subject, View, "weight"), record); err != nil {
		t.Fatal(err)
	}
	other := e.newSubject(t)
	if _, err := v.Get(ctx, healthReq(self(other), subject, View, "weight"), record); err == nil {
		t.Fatal("a second person read the first's record")
	}
	want := []heard{{"allowed", ""}, {"denied", ReasonNotOwner}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("heard %+v, want %+v", got, want)
	}
}
