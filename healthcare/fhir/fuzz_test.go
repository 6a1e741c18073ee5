package fhir

import (
	"errors"
	"math"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// FuzzParse: no input panics; every error is an errs.Invalid with a known
// reason and a message of reason and path only; every accepted value is
// plausible and in canonical units.
func FuzzParse(f *testing.F) {
	for _, seed := range []doc{
		observation("vital-signs", "29463-7", qty(150, "[lb_av]")),
		observation("laboratory", "2339-0", qty(95, "mg/dL")).with("subject", nil),
		observation("vital-signs", "8280-0", qty(33, "[in_i]")).with("effectiveDateTime", nil, "effectivePeriod", map[string]any{"start": "2024-03-04"}),
		bp(121, 79),
		bp(121, 79).with("meta", claims(krBase+"krcore-bloodpressure")),
		observation("laboratory", "2339-0", qty(95, "mg/dL")).with("meta", claims(krBase+"krcore-observation-laboratory-result")),
		observation("vital-signs", "8310-5", qty(36.5, "Cel")),
		observation("vital-signs", "85353-1", nil),
	} {
		f.Add(seed.json())
	}
	f.Add([]byte(`{"resourceType":"Observation","component":[1]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		o, err := Parse(raw, now)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || !measure.IsReason(e.Reason) ||
				!strings.HasPrefix(e.Message, "fhir: "+e.Reason+" at /") || e.Err != nil {
				t.Fatalf("error %#v", err)
			}
			return
		}
		if o.Grouping {
			if len(o.Values) != 0 {
				t.Fatalf("a grouping with values %+v", o)
			}
			return
		}
		// a panel may hold no value: each component absent with its reason
		if len(o.Values) == 0 && o.Code != "85354-9" || o.End.Before(o.Start) || measure.Future(o.End, now) {
			t.Fatalf("accepted %+v", o)
		}
		for _, v := range o.Values {
			spec, _ := measure.SpecOf(v.Metric)
			if math.IsNaN(v.Value) || !measure.Plausible(v.Metric, v.Value, v.Span()) || v.Unit != spec.Unit {
				t.Fatalf("accepted value %+v", v)
			}
		}
	})
}
