package points

import (
	"strings"
	"testing"
)

func TestLoadExample(t *testing.T) {
	t.Parallel()
	r, err := Load(Example)
	if err != nil {
		t.Fatal(err)
	}
	want := []DailyRule{{"steps", 0, 8000, 200}, {"steps-senior", 70, 5000, 200}}
	if len(r.DailyRules) != 2 || r.DailyRules[0] != want[0] || r.DailyRules[1] != want[1] {
		t.Fatalf("daily = %+v", r.DailyRules)
	}
	if *r.WeeklyBonus != (WeeklyBonus{5, true, 300}) || *r.YearlyCap != 100000 {
		t.Fatalf("weekly = %+v, cap = %v", r.WeeklyBonus, *r.YearlyCap)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const daily = "daily:\n  - {name: steps, min_steps: 8000, points: 200}\n"
	tests := map[string]struct {
		file string
		want []string
	}{
		"empty file":                {"", []string{"empty rule file"}},
		"two documents":             {daily + "---\n" + daily, []string{"one YAML document"}},
		"unknown top-level key":     {daily + "monthly_bonus: 5\n", []string{"line 3", "monthly_bonus"}},
		"unknown key in a rule":     {"daily:\n  - {name: steps, min_steps: 8000, points: 200, max_age: 69}\n", []string{"line 2", "max_age"}},
		"unknown key in the bonus":  {daily + "weekly_bonus: {successful_days: 5, points: 300, days: 3}\n", []string{"line 3", "days"}},
		"a number as text":          {"daily:\n  - {name: steps, min_steps: many, points: 200}\n", []string{"line 2", "many"}},
		"no daily rule":             {"yearly_cap: 5\n", []string{"daily: at least one rule"}},
		"a name with capitals":      {"daily:\n  - {name: Steps, min_steps: 8000, points: 200}\n", []string{"daily[0].name"}},
		"a missing name":            {"daily:\n  - {min_steps: 8000, points: 200}\n", []string{"daily[0].name"}},
		"a name used twice":         {daily + "  - {name: steps, min_age: 70, min_steps: 5000, points: 200}\n", []string{`daily[1].name: "steps" is used twice`}},
		"a negative age":            {"daily:\n  - {name: s, min_age: -1, min_steps: 1, points: 1}\n", []string{"daily[0].min_age"}},
		"an age beyond life":        {"daily:\n  - {name: s, min_age: 200, min_steps: 1, points: 1}\n", []string{"daily[0].min_age"}},
		"no steps asked":            {"daily:\n  - {name: s, points: 1}\n", []string{"daily[0].min_steps"}},
		"more steps than plausible": {"daily:\n  - {name: s, min_steps: 100001, points: 1}\n", []string{"daily[0].min_steps"}},
		"no points":                 {"daily:\n  - {name: s, min_steps: 1}\n", []string{"daily[0].points"}},
		"a week of eight days":      {daily + "weekly_bonus: {successful_days: 8, points: 300}\n", []string{"weekly_bonus.successful_days"}},
		"a week of no days":         {daily + "weekly_bonus: {points: 300}\n", []string{"weekly_bonus.successful_days"}},
		"a bonus of no points":      {daily + "weekly_bonus: {successful_days: 5}\n", []string{"weekly_bonus.points"}},
		"a cap of zero":             {daily + "yearly_cap: 0\n", []string{"yearly_cap"}},
		"every problem at once":     {"daily:\n  - {name: A, min_steps: 0, points: 0}\nyearly_cap: -1\n", []string{"daily[0].name", "daily[0].min_steps", "daily[0].points", "yearly_cap"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := Load([]byte(tc.file))
			if err == nil {
				t.Fatalf("Load = %+v, want an error", r)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestLoadOptionalParts(t *testing.T) {
	t.Parallel()
	r, err := Load([]byte("daily:\n  - {name: steps, min_steps: 8000, points: 200}\n"))
	if err != nil || r.WeeklyBonus != nil || r.YearlyCap != nil {
		t.Fatalf("Load = %+v, %v", r, err)
	}
}
