package fhir

import (
	"encoding/json"
	"time"

	"jikimi/healthcare/measure"
)

var now = time.Date(2024, 3, 4, 12, 0, 0, 0, measure.Seoul)

// doc is an Observation under construction.
type doc map[string]any

func coding(system, code string) map[string]any {
	return map[string]any{"system": system, "code": code}
}

func concept(codings ...map[string]any) map[string]any {
	list := make([]any, len(codings))
	for i, c := range codings {
		list[i] = c
	}
	return map[string]any{"coding": list}
}

func qty(v any, code string) map[string]any {
	return map[string]any{"value": v, "unit": code, "system": ucumSystem, "code": code}
}

// observation builds a synthetic final vital-signs or laboratory result.
func observation(category, loinc string, value map[string]any) doc {
	d := doc{
		"resourceType":      "Observation",
		"id":                "synthetic-obs-1",
		"status":            "final",
		"category":          []any{concept(coding(categorySystem, category))},
		"code":              concept(coding(loincSystem, loinc)),
		"subject":           map[string]any{"reference": "Patient/synthetic-1"},
		"effectiveDateTime": "2024-03-04T09:00:00+09:00",
	}
	if value != nil {
		d["valueQuantity"] = value
	}
	return d
}

func bp(sys, dia any) doc {
	d := observation("vital-signs", "85354-9", nil)
	d["component"] = []any{
		map[string]any{"code": concept(coding(loincSystem, "8480-6")), "valueQuantity": qty(sys, "mm[Hg]")},
		map[string]any{"code": concept(coding(loincSystem, "8462-4")), "valueQuantity": qty(dia, "mm[Hg]")},
	}
	return d
}

// with returns a copy with members set (nil deletes).
func (d doc) with(kv ...any) doc {
	out := doc{}
	for k, v := range d {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

func (d doc) json() []byte {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return b
}
