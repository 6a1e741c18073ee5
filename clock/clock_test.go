package clock

import (
	"testing"
	"time"
)

func TestFakeMovesOnlyWhenTold(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := NewFake(start)
	if !f.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", f.Now(), start)
	}
	f.Advance(36 * time.Hour)
	if want := start.Add(36 * time.Hour); !f.Now().Equal(want) {
		t.Fatalf("after Advance: %v, want %v", f.Now(), want)
	}
	f.Set(start)
	if !f.Now().Equal(start) {
		t.Fatalf("after Set: %v", f.Now())
	}
}

func TestSystemIsNearWallClock(t *testing.T) {
	var c Clock = System{}
	if c.Now().Year() < 2024 {
		t.Fatalf("system clock says %v", c.Now())
	}
}
