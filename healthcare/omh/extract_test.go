package omh

import (
	"encoding/json"
	"testing"

	"jikimi/healthcare/measure"
)

// The embedded schemas' enums leave no unit the table cannot convert; the
// reader still refuses one rather than guess, and refuses numbers beyond
// float64.
func TestReaderRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		read   func(*reader)
		body   map[string]any
		reason string
		path   string
	}{
		"a unit outside the table": {
			func(r *reader) { r.quantity(measure.BodyWeight, "body_weight") },
			map[string]any{"body_weight": map[string]any{"value": json.Number("70"), "unit": "stone"}},
			measure.BadUnit, "/body/body_weight/unit",
		},
		"a unit of another dimension": {
			func(r *reader) { r.quantity(measure.BodyWeight, "body_weight") },
			map[string]any{"body_weight": map[string]any{"value": json.Number("70"), "unit": "cm"}},
			measure.BadUnit, "/body/body_weight/unit",
		},
		"a count beyond float64": {
			func(r *reader) { r.count(measure.Steps, "step_count") },
			map[string]any{"step_count": json.Number("1e400")},
			measure.OutOfRange, "/body/step_count",
		},
		"a quantity beyond float64": {
			func(r *reader) { r.quantity(measure.Steps, "step_count") },
			map[string]any{"step_count": map[string]any{"value": json.Number("-1e400"), "unit": "steps"}},
			measure.OutOfRange, "/body/step_count/value",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := reader{p: &Point{Start: now, End: now}, body: tc.body}
			tc.read(&r)
			if r.err == nil || r.err.Reason != tc.reason || r.err.Message != "omh: "+tc.reason+" at "+tc.path {
				t.Fatalf("err = %v, want %s at %s", r.err, tc.reason, tc.path)
			}
		})
	}
}
