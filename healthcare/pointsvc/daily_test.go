package pointsvc

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/vault/vaulttest"
)

func TestDailyRunAccruesOncePerParticipantPerDay(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		young := e.participant(t, "1990-05-05", ci(1))
		senior := e.participant(t, "1950-01-01", ci(2))
		youngShort := e.participant(t, "1991-01-01", ci(3))
		unknown := "sub_not_enrolled" // steps but no enrolment record: the age rules do not apply
		e.steps.set(day1, young, 9_000)
		e.steps.set(day1, senior, 6_000)
		e.steps.set(day1, youngShort, 6_000)
		e.steps.set(day1, unknown, 6_000)

		e.wantRun(t, DayReport{Day: day1, Seen: 4, Accrued: 2, Points: 400, AgesRead: 3, AgesUnknown: 1})
		again, err := e.svc.RunDay(ctx, day1)
		if err != nil {
			t.Fatal(err)
		}
		// The two accrued are skipped before their ages are read; days that
		// earned nothing leave no entry, so their ages are read again.
		if again.Accrued != 0 || again.Points != 0 || again.Earlier != 2 || again.AgesRead != 2 {
			t.Fatalf("second run: %+v, want nothing accrued, 2 earlier, 2 ages read", again)
		}
		for sub, want := range map[string]int64{young: 200, senior: 200, youngShort: 0} {
			if b, err := e.svc.Balance(ctx, sub); err != nil || b != want {
				t.Errorf("balance of %s = %d, %v; want %d", sub, b, err, want)
			}
		}
		h, _, err := e.svc.History(ctx, senior, 0, 10)
		if err != nil || len(h) != 1 || h[0].Rule != "steps-senior" || h[0].Points != 200 || h[0].Day != "2026-03-02" {
			t.Fatalf("history of the senior = %+v, %v", h, err)
		}
	})
}

func TestDailyRunReadsAgesOnlyWhenTheyMatterAndThroughTheGate(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	far := e.participant(t, "1990-05-05", ci(1))
	near := e.participant(t, "1950-01-01", ci(2))
	e.steps.set(day1, far, 12_000) // decided by the steps alone
	e.steps.set(day1, near, 5_500) // the age decides
	if _, err := e.svc.RunDay(context.Background(), day1); err != nil {
		t.Fatal(err)
	}
	reads := e.gateEntries(t, runner.Handler())
	if len(reads) != 1 || reads[0].Subject != near || reads[0].Purpose != "enrolment" || len(reads[0].Items) != 1 || reads[0].Items[0] != "birth_date" {
		t.Fatalf("the run's gate reads: %+v; want one read of the birth date of %s", reads, near)
	}
}

func TestYearlyCapAndWeeklyBonus(t *testing.T) {
	rules := []byte(`
daily: [{name: steps, min_steps: 8000, points: 200}]
weekly_bonus: {successful_days: 5, needs_weekend_day: true, points: 300}
yearly_cap: 1300
`)
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, rules)
		ctx := context.Background()
		p := e.participant(t, "1990-05-05", ci(1))
		for _, d := range []int{0, 1, 2, 3, 6} { // Mon-Thu and Sunday
			e.steps.set(day1.AddDays(d), p, 10_000)
		}
		for d := range 7 {
			if _, err := e.svc.RunDay(ctx, day1.AddDays(d)); err != nil {
				t.Fatal(err)
			}
		}
		w, err := e.svc.RunWeek(ctx, day1.AddDays(3))
		if err != nil {
			t.Fatal(err)
		}
		if w.Accrued != 1 || w.Points != 300 {
			t.Fatalf("weekly run: %+v, want one bonus of 300", w)
		}
		if w, _ := e.svc.RunWeek(ctx, day1); w.Accrued != 0 {
			t.Fatalf("weekly run again accrued %d", w.Accrued)
		}
		// 5 × 200 + 300 = 1300: the cap is reached; the next day earns nothing.
		next := day1.AddDays(7)
		e.steps.set(next, p, 10_000)
		if _, err := e.svc.RunDay(ctx, next); err != nil {
			t.Fatal(err)
		}
		if b, _ := e.svc.Balance(ctx, p); b != 1300 {
			t.Fatalf("balance %d, want the cap 1300", b)
		}
		h, _, _ := e.svc.History(ctx, p, 0, 1)
		if len(h) != 1 || h[0].Earned != 200 || h[0].Points != 0 {
			t.Fatalf("the capped day: %+v, want earned 200, granted 0", h)
		}
	})
}

// failingSteps gives one page, then fails.
type failingSteps struct{ fakeSteps }

func (f *failingSteps) DaySteps(ctx context.Context, day measure.Date, after string, limit int) ([]DaySteps, string, error) {
	if after != "" {
		return nil, "", errors.New("summaries unavailable")
	}
	page, _, err := f.fakeSteps.DaySteps(ctx, day, after, limit)
	return page, page[len(page)-1].Subject, err
}

func TestDailyRunStopsAtAReadError(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	src := &failingSteps{}
	for i := range 3 {
		src.set(day1, e.participant(t, "1990-05-05", ci(i)), 9_000)
	}
	e.svc.cfg.Steps = src
	rep, err := e.svc.RunDay(context.Background(), day1)
	if err == nil || !strings.Contains(err.Error(), "reading the day's steps") {
		t.Fatalf("err = %v, want the read error", err)
	}
	if rep.Accrued != 2 { // the first page (Batch 2) was written; a re-run finishes the day
		t.Fatalf("report %+v, want the first page's 2 accruals", rep)
	}
}
