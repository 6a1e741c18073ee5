package omh

import (
	"reflect"
	"testing"

	"jikimi/healthcare/jsonschema"
)

// seeds are valid points of several schemas and time frames.
var seeds = [][]byte{
	point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`),
	point("heart-rate", "1.1", `{"heart_rate":{"value":61,"unit":"beats/min"},"temporal_relationship_to_physical_activity":"at rest",`+at+`}`),
	point("step-count", "1.0", `{"step_count":8123,`+lastDay+`}`),
	point("step-count", "3.0", `{"step_count":{"value":8123,"unit":"steps"},`+night+`}`),
	point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},`+
		`"body_posture":"sitting","descriptive_statistic":"average",`+morning+`}`),
	point("physical-activity", "1.2", `{"activity_name":"walking","distance":{"value":3.2,"unit":"km"},`+morning+`}`),
	point("sleep-episode", "1.1", `{`+dayParts+`}`),
	point("body-weight", "1.0", `{"body_weight":{"value":150,"unit":"lb"},"effective_time_frame":{"time_interval":{"end_date_time":"2024-03-04T10:00:00+09:00","duration":{"value":1,"unit":"Mo"}}}}`),
	point("step-count", "2.0", `{"step_count":5,"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-03T08:00:00Z","date":"2024-03-03","part_of_day":"morning"}}}`),
}

// Validating a valid point allocates a tenth of what the library's
// validator does (which allocates per subschema; what is left are the
// library's date-time format checks): every shipped schema is read by
// jsonschema's own check. The library still explains every violation.
func TestValidPointsValidateByCheck(t *testing.T) {
	sc, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range seeds {
		doc := decodeValid(t, sc, raw)
		body, bodySchema := bodyOf(t, sc, doc)
		fast := testing.AllocsPerRun(50, func() {
			if sc.dataPoint.Validate(doc) != nil || bodySchema.Validate(body) != nil {
				t.Fatal("valid point refused")
			}
		})
		lib := testing.AllocsPerRun(50, func() {
			if sc.dataPoint.Reference(doc) != nil || bodySchema.Reference(body) != nil {
				t.Fatal("the library refuses a valid point")
			}
		})
		if fast*10 > lib {
			t.Errorf("%s: validation allocates %.0f times, the library alone %.0f", raw, fast, lib)
		}
	}
}

func decodeValid(t *testing.T, sc *schemas, raw []byte) map[string]any {
	t.Helper()
	doc, rej := decode(raw, sc)
	if rej != nil {
		t.Fatalf("%s: %v", raw, rej)
	}
	return doc
}

func bodyOf(t *testing.T, sc *schemas, doc map[string]any) (map[string]any, *jsonschema.Schema) {
	t.Helper()
	sid := doc["header"].(map[string]any)["schema_id"].(map[string]any)
	s := sc.bodies[SchemaID{sid["namespace"].(string), sid["name"].(string), sid["version"].(string)}]
	if s == nil {
		t.Fatalf("no schema for %v", sid)
	}
	return doc["body"].(map[string]any), s
}

// FuzzSchemasAgree: for any input, the data-point schema and every shipped
// body schema answer through Validate exactly what the library answers
// alone (same violation, or none).
func FuzzSchemasAgree(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add([]byte(`{"header":{},"body":{"heart_rate":{"value":"61"}}}`))
	sc, err := loadSchemas()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		v, err := jsonschema.Decode(raw)
		if err != nil {
			return
		}
		agree(t, raw, sc.dataPoint, v)
		body := v
		if doc, ok := v.(map[string]any); ok && doc["body"] != nil {
			body = doc["body"]
		}
		for _, s := range sc.bodies {
			agree(t, raw, s, body)
		}
	})
}

func agree(t *testing.T, raw []byte, s *jsonschema.Schema, v any) {
	if got, want := s.Validate(v), s.Reference(v); !reflect.DeepEqual(got, want) {
		t.Fatalf("Validate(%s) = %v, the library alone %v", raw, got, want)
	}
}
