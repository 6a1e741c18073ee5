package retention

import (
	"testing"
	"time"

	"jikimi/clock"
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
