package pointsvc

import (
	"context"
	"testing"
	"time"

	"jikimi/healthcare/points"
	"jikimi/jobs/jobstest"
	"jikimi/vault/vaulttest"
)

func TestScheduledRunsAccrueOnce(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	ctx := context.Background()
	p := e.participant(t, "1990-05-05", ci(1))
	for d := range 7 { // the week of day1, every day 10,000 steps
		e.steps.set(day1.AddDays(d), p, 10_000)
	}
	e.svc.HandleRuns(e.queue)
	for d := 1; d <= 8; d++ { // each morning, the day before is run; the next Monday, the week
		e.Clock.Set(day1.AddDays(d).Start().Add(9 * time.Hour))
		for range 2 { // scheduling twice changes nothing
			if err := e.svc.Schedule(ctx); err != nil {
				t.Fatal(err)
			}
		}
		e.Clock.Advance(2 * time.Minute)
		jobstest.Drain(t, e.queue)
	}
	if b, _ := e.svc.Balance(ctx, p); b != 7*200+300 {
		t.Fatalf("balance %d, want 7 days × 200 and the weekly 300", b)
	}
}
