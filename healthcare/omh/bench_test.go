package omh

import (
	"encoding/json"
	"testing"
)

func BenchmarkParseHeartRate(b *testing.B) {
	benchParse(b, point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`))
}

// BenchmarkParseBloodPressure: more of the schema (two unit-values, a
// descriptive statistic, a posture).
func BenchmarkParseBloodPressure(b *testing.B) {
	benchParse(b, point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},`+
		`"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},"body_posture":"sitting","descriptive_statistic":"average",`+morning+`}`))
}

func benchParse(b *testing.B, raw []byte) {
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse(raw, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeOnly is the same-run baseline: decoding the JSON alone.
func BenchmarkDecodeOnly(b *testing.B) {
	raw := point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			b.Fatal(err)
		}
	}
}
