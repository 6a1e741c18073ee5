package stats

import (
	"testing"

	"jikimi/healthcare/measure"
)

func TestParseValue(t *testing.T) {
	rec := measure.Date{Year: 2026, Month: 3, Day: 2}
	on := measure.Date{Year: 2026, Month: 1, Day: 5}
	cases := []struct {
		name, raw, field string
		want             float64
		day              measure.Date
		ok               bool
	}{
		{"plain steps", "8200", "steps", 8200, rec, true},
		{"blood pressure text", "128/84", "diastolic", 84, rec, true},
		{"text is no weight", "128/84", "value", 0, rec, false},
		{"self-report bmi", `{"on":"2026-01-05","source":"self","value":24.3}`, "value", 24.3, on, true},
		{"self-report weight", `{"on":"2026-01-05","source":"self","value":{"value":71.5,"unit":"kg"}}`, "value", 71.5, on, true},
		{"check-up blood pressure", `{"on":"2026-01-05","source":"checkup","value":{"systolic":135,"diastolic":88}}`, "systolic", 135, on, true},
		{"dated steps", `{"day":"2026-01-05","steps":9000}`, "steps", 9000, on, true},
		{"dated value", `{"date":"2026-01-05","value":60}`, "value", 60, on, true},
		{"bad date", `{"on":"2026-13-45","value":60}`, "value", 0, rec, false},
		{"no number", `{"on":"2026-01-05","value":"heavy"}`, "value", 0, rec, false},
		{"malformed", `{"on":`, "value", 0, rec, false},
		{"not a number", "NaN", "value", 0, rec, false},
		{"hour record", `{"ids":["a"],"values":[{"m":"step-count","v":10}]}`, "steps", 0, rec, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, ok := parseValue(c.raw, c.field, rec)
			if ok != c.ok || (ok && (o.value != c.want || o.day != c.day)) {
				t.Fatalf("parseValue = %+v, %v; want %v on %v, %v", o, ok, c.want, c.day, c.ok)
			}
		})
	}
}
