package points

import (
	"testing"
	"time"

	"jikimi/healthcare/measure"
)

func date(y int, m time.Month, d int) measure.Date { return measure.Date{Year: y, Month: m, Day: d} }

func example(t testing.TB) *Rules {
	t.Helper()
	r, err := Load(Example)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAgeOn(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		born, on measure.Date
		want     int
	}{
		"the day before the birthday": {date(1954, 3, 5), date(2024, 3, 4), 69},
		"on the birthday":             {date(1954, 3, 4), date(2024, 3, 4), 70},
		"a month later":               {date(1954, 2, 4), date(2024, 3, 4), 70},
		"29 February, common year":    {date(1952, 2, 29), date(2022, 2, 28), 69},
		"1 March after it":            {date(1952, 2, 29), date(2022, 3, 1), 70},
		"29 February, leap year":      {date(1952, 2, 29), date(2024, 2, 29), 72},
		"born that day":               {date(2024, 3, 4), date(2024, 3, 4), 0},
	}
	for name, tc := range tests {
		if got := (Participant{BirthDate: tc.born}).AgeOn(tc.on); got != tc.want {
			t.Errorf("%s: AgeOn = %d, want %d", name, got, tc.want)
		}
	}
}

func TestDaily(t *testing.T) {
	t.Parallel()
	r := example(t)
	day := date(2024, 3, 4)
	adult := Participant{"p-synthetic-1", date(1990, 6, 1)}
	senior := Participant{"p-synthetic-2", date(1954, 3, 4)} // 70 that day
	almost := Participant{"p-synthetic-3", date(1954, 3, 5)} // 69 that day
	tests := map[string]struct {
		p      Participant
		steps  int
		rule   string
		points int
	}{
		"an adult at 8000 steps":                 {adult, 8000, "steps", 200},
		"an adult at 7999 steps":                 {adult, 7999, "", 0},
		"an adult at 5000 steps":                 {adult, 5000, "", 0},
		"a senior at 5000 steps on the birthday": {senior, 5000, "steps-senior", 200},
		"a senior at 4999 steps":                 {senior, 4999, "", 0},
		"a senior meeting both: the first rule":  {senior, 9000, "steps", 200},
		"the day before turning 70":              {almost, 5000, "", 0},
		"negative steps":                         {adult, -10, "", 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := r.Daily(tc.p, day, tc.steps)
			if a.Rule != tc.rule || a.Points != tc.points || a.Earned != tc.points || a.Kind != Daily || a.Day != day {
				t.Fatalf("Daily = %+v, want %s %d", a, tc.rule, tc.points)
			}
			if a.Key() != "daily/"+tc.p.ID+"/2024-03-04" || a.Year() != 2024 {
				t.Fatalf("Key = %s, Year = %d", a.Key(), a.Year())
			}
		})
	}
}

func TestDailyTakesTheLargestAward(t *testing.T) {
	t.Parallel()
	r, err := Load([]byte("daily:\n  - {name: base, min_steps: 5000, points: 100}\n  - {name: more, min_steps: 10000, points: 250}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := Participant{"p-synthetic-4", date(1990, 1, 1)}
	if a := r.Daily(p, date(2024, 3, 4), 12000); a.Rule != "more" || a.Points != 250 {
		t.Fatalf("Daily = %+v", a)
	}
	if a := r.Daily(p, date(2024, 3, 4), 6000); a.Rule != "base" || a.Points != 100 {
		t.Fatalf("Daily = %+v", a)
	}
}

func TestWeekly(t *testing.T) {
	t.Parallel()
	r := example(t)
	adult := Participant{"p-synthetic-1", date(1990, 6, 1)}
	turning := Participant{"p-synthetic-5", date(1954, 3, 7)} // 70 from Thursday 2024-03-07
	const ok, no = 8000, 0
	tests := map[string]struct {
		p      Participant
		steps  [7]int // Monday first
		points int
	}{
		"five weekdays, no weekend day":     {adult, [7]int{ok, ok, ok, ok, ok, no, no}, 0},
		"four weekdays and a Saturday":      {adult, [7]int{ok, ok, ok, ok, no, ok, no}, 300},
		"four weekdays and a Sunday":        {adult, [7]int{ok, no, ok, ok, ok, no, ok}, 300},
		"every day":                         {adult, [7]int{ok, ok, ok, ok, ok, ok, ok}, 300},
		"four days with a Sunday":           {adult, [7]int{ok, ok, ok, no, no, no, ok}, 0},
		"none":                              {adult, [7]int{}, 0},
		"the senior rule from the birthday": {turning, [7]int{ok, ok, no, 5000, 5000, 5000, no}, 300},
		"but not before it":                 {turning, [7]int{ok, 5000, 5000, 5000, 5000, 5000, no}, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := r.Weekly(tc.p, date(2024, 3, 6), tc.steps) // a Wednesday: its week starts 2024-03-04
			if a.Points != tc.points || a.Day != date(2024, 3, 4) || a.Kind != Weekly {
				t.Fatalf("Weekly = %+v, want %d points", a, tc.points)
			}
			if a.Key() != "weekly/"+tc.p.ID+"/2024-03-04" {
				t.Fatalf("Key = %s", a.Key())
			}
		})
	}
}

func TestWeeklyOptions(t *testing.T) {
	t.Parallel()
	p := Participant{"p-synthetic-1", date(1990, 6, 1)}
	five := [7]int{8000, 8000, 8000, 8000, 8000}
	none, err := Load([]byte("daily:\n  - {name: steps, min_steps: 8000, points: 200}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a := none.Weekly(p, date(2024, 3, 4), five); a.Points != 0 {
		t.Fatalf("no weekly_bonus: %+v", a)
	}
	anyDay, err := Load([]byte("daily:\n  - {name: steps, min_steps: 8000, points: 200}\nweekly_bonus: {successful_days: 5, points: 300}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a := anyDay.Weekly(p, date(2024, 3, 4), five); a.Points != 300 {
		t.Fatalf("needs_weekend_day off: %+v", a)
	}
}

func TestCap(t *testing.T) {
	t.Parallel()
	r := example(t)
	a := Accrual{Participant: "p-synthetic-1", Kind: Daily, Day: date(2024, 3, 4), Rule: "steps", Earned: 200, Points: 200}
	tests := map[string]struct {
		ytd    int
		points int
		capped bool
	}{
		"far from the cap":    {0, 200, false},
		"filling it exactly":  {99800, 200, false},
		"cut to what is left": {99900, 100, true},
		"at the cap":          {100000, 0, true},
		"beyond it already":   {100300, 0, true},
	}
	for name, tc := range tests {
		got := r.Cap(a, tc.ytd)
		if got.Points != tc.points || got.Capped != tc.capped || got.Earned != 200 {
			t.Errorf("%s: Cap = %+v", name, got)
		}
	}
	none, _ := Load([]byte("daily:\n  - {name: steps, min_steps: 8000, points: 200}\n"))
	if got := none.Cap(a, 1_000_000); got != a {
		t.Errorf("no cap: %+v", got)
	}
}

func TestAccrualYear(t *testing.T) {
	t.Parallel()
	w := Accrual{Kind: Weekly, Day: date(2024, 12, 30)}
	if w.Year() != 2025 {
		t.Fatalf("a week ending 2025-01-05 counts for %d", w.Year())
	}
}

func TestLastWeek(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		now  time.Time
		want measure.Date
	}{
		"Monday just after midnight in Seoul":    {time.Date(2024, 3, 11, 0, 30, 0, 0, measure.Seoul), date(2024, 3, 4)},
		"the same instant in UTC (Sunday)":       {time.Date(2024, 3, 10, 15, 30, 0, 0, time.UTC), date(2024, 3, 4)},
		"Sunday night in Seoul: the week before": {time.Date(2024, 3, 10, 23, 59, 0, 0, measure.Seoul), date(2024, 2, 26)},
	}
	for name, tc := range tests {
		if got := LastWeek(tc.now); got != tc.want {
			t.Errorf("%s: LastWeek = %s, want %s", name, got, tc.want)
		}
	}
}
