package retention

import (
	"context"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/vault/vaulttest"
)

// Chunks shrink when a transaction takes longer than the budget, grow when
// it is quick, never change by more than half at a time and stay within
// 1..max.
func TestPacerKeepsTransactionsWithinTheBudget(t *testing.T) {
	wall := clock.NewFake(time.Unix(0, 0))
	p := &pacer{n: 200, max: 1000, budget: 20 * time.Millisecond, wall: wall}
	step := func(took time.Duration) int {
		p.run(func(int) error { wall.Advance(took); return nil })
		return p.n
	}
	for _, tt := range []struct {
		took time.Duration
		want int
	}{
		{40 * time.Millisecond, 100}, // twice the budget: halve
		{400 * time.Millisecond, 50}, // far over: at most half at a time
		{10 * time.Millisecond, 76},  // quick: grow by half (and one) at most
		{20 * time.Millisecond, 76},  // on budget: stay
		{time.Microsecond, 100},      // 115, in steps of 50 from 100 on
	} {
		if got := step(tt.took); got != tt.want {
			t.Fatalf("after a transaction of %v: chunk %d, want %d", tt.took, got, tt.want)
		}
	}
	for range 20 {
		step(time.Microsecond)
	}
	if p.n != 1000 {
		t.Fatalf("chunk grew to %d, want the maximum 1000", p.n)
	}
	for range 40 {
		step(time.Second)
	}
	if p.n != 1 {
		t.Fatalf("chunk shrank to %d, want 1", p.n)
	}
}

// The background job runs at once and then every interval, until its
// context ends.
func TestDailyRunsUntilCancelled(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite(t, vaulttest.Config{}))
	f.searched(t, f.subject(t), 2)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.r.Daily(ctx, 10*time.Millisecond) }()
	for range 500 {
		if plans, _ := f.r.Plans(ctx, StatePending); len(plans) == 1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Daily = %v, want it to end with its context", err)
	}
	// A run cancelled midway may leave another service's plan half built,
	// for the next run to finish: only the built plans count here.
	if plans, _ := f.r.Plans(context.Background(), StatePending); len(plans) != 1 || plans[0].Items != 2 {
		t.Fatalf("plans = %+v, want the day's one plan", plans)
	}
}
