package points

import "testing"

func TestNeedsAge(t *testing.T) {
	r := example(t)
	for _, tc := range []struct {
		name  string
		steps int
		want  bool
	}{
		{"too few for any rule", 4_999, false},
		{"the senior rule only", 5_000, true},
		{"just under the general rule", 7_999, true},
		{"the general rule, same points at every age", 8_000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.NeedsAge(tc.steps); got != tc.want {
				t.Errorf("NeedsAge(%d) = %v, want %v", tc.steps, got, tc.want)
			}
		})
	}
}

func TestWeeklyOfCountsSuccessfulDays(t *testing.T) {
	r := example(t)
	monday := date(2024, 3, 4)
	weekdays := [7]bool{true, true, true, true, true, false, false}
	if a := r.WeeklyOf("p", monday, weekdays); a.Points != 0 {
		t.Errorf("five weekdays, no weekend day: %d points, want 0", a.Points)
	}
	withSunday := [7]bool{true, true, true, true, false, false, true}
	if a := r.WeeklyOf("p", monday.AddDays(3), withSunday); a.Points != 300 || a.Day != monday {
		t.Errorf("four weekdays and Sunday: %+v, want 300 points for the week of %s", a, monday)
	}
}
