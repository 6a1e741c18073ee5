package measure

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateOf(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   time.Time
		want string
	}{
		"UTC afternoon is the same Seoul day":    {time.Date(2024, 3, 4, 14, 59, 59, 0, time.UTC), "2024-03-04"},
		"UTC 15:00 is the next Seoul day":        {time.Date(2024, 3, 4, 15, 0, 0, 0, time.UTC), "2024-03-05"},
		"New Year's Eve in UTC is 2025 in Seoul": {time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC), "2025-01-01"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := DateOf(tc.in).String(); got != tc.want {
				t.Fatalf("DateOf = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestMonday(t *testing.T) {
	t.Parallel()
	// 2024-03-04 is a Monday.
	for i := range 7 {
		d := Date{2024, 3, 4}.AddDays(i)
		if got := d.Monday(); got != (Date{2024, 3, 4}) {
			t.Errorf("%s (%s): Monday = %s", d, d.Weekday(), got)
		}
	}
	if got := (Date{2024, 3, 3}).Monday(); got != (Date{2024, 2, 26}) {
		t.Errorf("Sunday 2024-03-03: Monday = %s, want 2024-02-26", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		d    Date
		n    int
		want Date
	}{
		"into a leap day":   {Date{2024, 2, 28}, 1, Date{2024, 2, 29}},
		"over the year end": {Date{2024, 12, 31}, 1, Date{2025, 1, 1}},
		"backwards":         {Date{2025, 1, 1}, -1, Date{2024, 12, 31}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tc.d.AddDays(tc.n); got != tc.want {
				t.Fatalf("AddDays = %s, want %s", got, tc.want)
			}
			if tc.d.Compare(tc.want) != -sign(tc.n) || tc.d.Compare(tc.d) != 0 || tc.d.Before(tc.want) != (tc.n > 0) {
				t.Fatal("Compare disagrees with AddDays")
			}
		})
	}
}

func TestDateText(t *testing.T) {
	t.Parallel()
	var got struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2024-03-04"}`), &got); err != nil || got.D != (Date{2024, 3, 4}) {
		t.Fatalf("Unmarshal = %v, %v", got.D, err)
	}
	b, _ := json.Marshal(got)
	if string(b) != `{"D":"2024-03-04"}` {
		t.Fatalf("Marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"D":"2024-3-4"}`), &got); err == nil {
		t.Fatal("a date without zero padding was accepted")
	}
	if !(Date{}).IsZero() || got.D.IsZero() {
		t.Fatal("IsZero")
	}
}
