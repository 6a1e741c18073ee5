package fhir

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// hl7Examples says what becomes of each official HL7 R4 example in
// testdata/hl7: the items of the values kept, or the reason it is refused.
var hl7Examples = map[string]struct {
	items  []string
	reason string
}{
	"Observation-example.json":               {items: []string{"weight"}},
	"Observation-body-height.json":           {items: []string{"height"}},
	"Observation-body-length.json":           {reason: measure.OutOfRange}, // 25 cm: a newborn's length, no participant's
	"Observation-bmi.json":                   {items: []string{"bmi"}},
	"Observation-heart-rate.json":            {items: []string{"heart_rate"}},
	"Observation-satO2.json":                 {items: []string{"oxygen_saturation"}},
	"Observation-blood-pressure.json":        {items: []string{"blood_pressure", "blood_pressure"}},
	"Observation-blood-pressure-dar.json":    {items: []string{"blood_pressure"}}, // the diastolic is absent, with its reason
	"Observation-mbp.json":                   {items: []string{"blood_pressure"}},
	"Observation-map-sitting.json":           {items: []string{"blood_pressure"}},
	"Observation-f001.json":                  {items: []string{"blood_glucose"}}, // no category
	"Observation-vitals-panel.json":          {},                                 // a grouping: its members come on their own
	"Observation-body-temperature.json":      {reason: measure.UndeclaredItem},
	"Observation-respiratory-rate.json":      {reason: measure.UndeclaredItem},
	"Observation-head-circumference.json":    {reason: measure.UndeclaredItem},
	"Observation-f005.json":                  {reason: measure.UndeclaredItem},  // haemoglobin
	"Observation-f004.json":                  {reason: measure.UnknownCode},     // erythrocytes: no code the service knows
	"Observation-blood-pressure-cancel.json": {reason: measure.SchemaViolation}, // cancelled: no result
	"Observation-unsat.json":                 {reason: measure.SchemaViolation}, // cancelled: no result
}

// TestHL7Examples runs the official examples (npm hl7.fhir.r4.examples
// 4.0.1, CC0): those of declared items are accepted, the others refused,
// each for its reason. Nine are dated 1999-07-02, before the programme's
// floor (past_timestamp, 2000-01-01): the test moves that date to 2019, and
// TestHL7ExampleOf1999 shows the untouched one refused.
func TestHL7Examples(t *testing.T) {
	t.Parallel()
	later := time.Date(2026, 1, 1, 0, 0, 0, 0, measure.Seoul)
	for file, want := range hl7Examples {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join("testdata/hl7", file))
			if err != nil {
				t.Fatal(err)
			}
			o, err := Parse(bytes.ReplaceAll(raw, []byte(`"1999-07-02`), []byte(`"2019-07-02`)), later)
			if want.reason != "" {
				var e *errs.Error
				if !errors.As(err, &e) || e.Reason != want.reason {
					t.Fatalf("Parse = %+v, %v; want %s", o, err, want.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			var items []string
			for _, v := range o.Values {
				items = append(items, v.Item)
			}
			if len(items) != len(want.items) || (len(items) > 0 && items[0] != want.items[0]) {
				t.Fatalf("items %v, want %v (%+v)", items, want.items, o)
			}
		})
	}
}

func TestHL7ExampleOf1999(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/hl7/Observation-heart-rate.json")
	if err != nil {
		t.Fatal(err)
	}
	var e *errs.Error
	if _, err := Parse(raw, now); !errors.As(err, &e) || e.Reason != measure.PastTimestamp {
		t.Fatalf("Parse: %v, want past_timestamp", err)
	}
}
