package omh

import (
	"encoding/json"
	"testing"
)

func BenchmarkParseHeartRate(b *testing.B) {
	raw := point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`)
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
