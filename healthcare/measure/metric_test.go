package measure

import (
	"math"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/policies"
	"jikimi/policy"
)

func TestPlausible(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	tests := map[string]struct {
		m    Metric
		v    float64
		span time.Duration
		want bool
	}{
		"heart rate at the lower bound":        {HeartRate, 20, 0, true},
		"heart rate below it":                  {HeartRate, 19.9, 0, false},
		"heart rate at the upper bound":        {HeartRate, 250, 0, true},
		"heart rate above it":                  {HeartRate, 250.1, 0, false},
		"steps in a day at the bound":          {Steps, 100_000, day, true},
		"steps in a day above it":              {Steps, 100_001, day, false},
		"steps over two days scale the bound":  {Steps, 150_000, 2 * day, true},
		"steps over a day and a minute scale":  {Steps, 150_000, day + time.Minute, true},
		"negative steps":                       {Steps, -1, time.Hour, false},
		"SpO2 above 100":                       {OxygenSaturation, 100.5, 0, false},
		"SpO2 at 50":                           {OxygenSaturation, 50, 0, true},
		"systolic at 260":                      {Systolic, 260, 0, true},
		"systolic at 261":                      {Systolic, 261, 0, false},
		"systolic below 50":                    {Systolic, 49, 0, false},
		"heart rate does not scale over days":  {HeartRate, 300, 3 * day, false},
		"NaN":                                  {HeartRate, math.NaN(), 0, false},
		"infinity":                             {Steps, math.Inf(1), day, false},
		"unknown metric":                       {Metric("mood"), 1, 0, false},
		"glucose in mmol/L":                    {BloodGlucose, 5.5, 0, true},
		"glucose left in mg/dL is implausible": {BloodGlucose, 99, 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Plausible(tc.m, tc.v, tc.span); got != tc.want {
				t.Fatalf("Plausible(%s) = %v, want %v", tc.m, got, tc.want)
			}
		})
	}
}

func TestToCanonical(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		m      Metric
		v      float64
		from   string
		want   float64
		wantOK bool
	}{
		"pounds to kg":                  {BodyWeight, 100, "[lb_av]", 45.359237, true},
		"grams to kg":                   {BodyWeight, 70500, "g", 70.5, true},
		"kg stays":                      {BodyWeight, 70, "kg", 70, true},
		"inches to cm":                  {BodyHeight, 70, "[in_i]", 177.8, true},
		"km to m":                       {ActivityDistance, 5, "km", 5000, true},
		"miles to m":                    {ActivityDistance, 1, "[mi_i]", 1609.344, true},
		"hours to minutes":              {SleepDuration, 7.5, "h", 450, true},
		"glucose mg/dL to mmol/L":       {BloodGlucose, 90.08, "mg/dL", 5, true},
		"triglycerides mg/dL to mmol/L": {Triglycerides, 177.14, "mg/dL", 2, true},
		"HDL mg/dL to mmol/L":           {HDL, 38.67, "mg/dL", 1, true},
		"mmol/L stays":                  {HDL, 1.2, "mmol/L", 1.2, true},
		"weight in mg/dL":               {BodyWeight, 1, "mg/dL", 0, false},
		"mg/dL for a metric without a molar mass": {BodyFat, 1, "mg/dL", 0, false},
		"length as weight":                        {BodyWeight, 1, "cm", 0, false},
		"unknown unit":                            {BodyWeight, 1, "stone", 0, false},
		"unknown metric":                          {Metric("mood"), 1, "kg", 0, false},
		"text metric":                             {ActivityName, 1, "kg", 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := ToCanonical(tc.m, tc.v, tc.from)
			if ok != tc.wantOK || math.Abs(got-tc.want) > 1e-9 {
				t.Fatalf("ToCanonical = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestSeconds(t *testing.T) {
	t.Parallel()
	if s, ok := Seconds(2, "h"); !ok || s != 7200 {
		t.Fatalf("2 h = %v s, %v", s, ok)
	}
	if _, ok := Seconds(2, "kg"); ok {
		t.Fatal("kg converted to seconds")
	}
	if !Known("mm[Hg]") || Known("mmHg") {
		t.Fatal("Known: UCUM codes only")
	}
}

// Every metric's item is an item of purpose health-service in the policy in
// force, so the gate can decide on it.
func TestItemsAreDeclared(t *testing.T) {
	t.Parallel()
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := reg.Version("seoul-healthcare", "2024-03-04")
	if !ok {
		t.Fatal("seoul-healthcare 2024-03-04 not declared")
	}
	declared := map[string]bool{}
	for _, it := range p.Purpose("health-service").Items {
		declared[it.ID] = true
	}
	for _, s := range Specs() {
		if !declared[s.Item] || s.Metric.Item() != s.Item {
			t.Errorf("metric %s: item %q is not a health-service item", s.Metric, s.Item)
		}
		if s.Unit != "" && !Known(s.Unit) {
			t.Errorf("metric %s: canonical unit %q is not in the conversion table", s.Metric, s.Unit)
		}
	}
}

func TestReject(t *testing.T) {
	t.Parallel()
	e := Reject("omh", OutOfRange, "/body/heart_rate/value")
	if e.Code != errs.Invalid || e.Reason != OutOfRange || e.Message != "omh: out_of_range at /body/heart_rate/value" {
		t.Fatalf("Reject = %+v", e)
	}
	if !strings.HasSuffix(Reject("fhir", SchemaViolation, "").Message, " at /") || !IsReason(BadUnit) || IsReason("bad") {
		t.Fatal("an empty path is the root")
	}
	if !Future(time.Unix(0, 0).Add(MaxSkew+1), time.Unix(0, 0)) || Future(time.Unix(0, 0).Add(MaxSkew), time.Unix(0, 0)) {
		t.Fatal("Future: the skew is inclusive")
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 4, 9, 0, 0, 0, Seoul)
	m := New(Systolic, 120, at, at)
	if m.Item != "blood_pressure" || m.Unit != "mm[Hg]" || m.Span() != 0 {
		t.Fatalf("New = %+v", m)
	}
	if u := New(Metric("mood"), 1, at, at); u.Item != "" || u.Unit != "" {
		t.Fatalf("New of an unknown metric = %+v", u)
	}
}
