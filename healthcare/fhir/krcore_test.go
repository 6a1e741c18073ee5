package fhir

import (
	"errors"
	"testing"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

const krBase = "http://www.hl7korea.or.kr/fhir/krcore/StructureDefinition/"

func claims(urls ...string) map[string]any {
	list := make([]any, len(urls))
	for i, u := range urls {
		list[i] = u
	}
	return map[string]any{"profile": list}
}

// The FHIR Shorthand is read into the rules docs/fhir.md lists.
func TestKRCoreProfilesRead(t *testing.T) {
	t.Parallel()
	profiles, err := loadKRCore()
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 9 {
		t.Fatalf("%d profiles", len(profiles))
	}
	weight := profiles[krBase+"krcore-bodyweight"]
	if weight == nil || weight.parent != "krcore-vitalsigns" || profiles[krBase+"krcore-vitalsigns"].parent != "" {
		t.Fatalf("body weight %+v", weight)
	}
	want := map[string]bool{"code.coding[LOINC].code=29463-7": true, "value[x].code=kg": true, "value[x].system=http://unitsofmeasure.org": true, "value[x].value 1..": true, "value[x] only Quantity": true}
	for _, r := range weight.rules {
		key := r.path + "=" + r.fixed
		switch {
		case r.min1:
			key = r.path + " 1.."
		case r.only != "":
			key = r.path + " only " + r.only
		}
		delete(want, key)
	}
	if len(want) != 0 {
		t.Fatalf("rules not read: %v", want)
	}
	lab := profiles[krBase+"krcore-observation-laboratory-result"]
	if lab == nil || lab.parent != "" {
		t.Fatalf("laboratory %+v", lab)
	}
}

// An Observation claiming a KR Core profile is held to it: KR Core's body
// weight is in kg only (R4's takes pounds), a laboratory result needs
// issued; without the claim the R4 profiles alone apply.
func TestKRCore(t *testing.T) {
	t.Parallel()
	weight := observation("vital-signs", "29463-7", qty(70, "kg"))
	pounds := observation("vital-signs", "29463-7", qty(154, "[lb_av]"))
	glucose := observation("laboratory", "2339-0", qty(95, "mg/dL"))
	tests := map[string]struct {
		raw    []byte
		reason string
		path   string
	}{
		"body weight in kg":                {weight.with("meta", claims(krBase+"krcore-bodyweight")).json(), "", ""},
		"with the version":                 {weight.with("meta", claims(krBase+"krcore-bodyweight|2.0.0")).json(), "", ""},
		"in pounds, no claim: R4":          {pounds.json(), "", ""},
		"in pounds, claiming KR Core":      {pounds.with("meta", claims(krBase+"krcore-bodyweight")).json(), measure.BadUnit, "/valueQuantity/code"},
		"another code than the profile's":  {weight.with("code", concept(coding(loincSystem, "3141-9")), "meta", claims(krBase+"krcore-bodyweight")).json(), measure.SchemaViolation, "/code"},
		"a heart rate as body weight":      {observation("vital-signs", "8867-4", qty(64, "/min")).with("meta", claims(krBase+"krcore-bodyweight")).json(), measure.SchemaViolation, "/code"},
		"blood pressure":                   {bp(120, 80).with("meta", claims(krBase+"krcore-bloodpressure")).json(), "", ""},
		"a lab result with issued":         {glucose.with("issued", "2024-03-04T10:00:00+09:00", "meta", claims(krBase+"krcore-observation-laboratory-result")).json(), "", ""},
		"a lab result without issued":      {glucose.with("meta", claims(krBase+"krcore-observation-laboratory-result")).json(), measure.SchemaViolation, "/issued"},
		"a coding without system":          {glucose.with("issued", "2024-03-04T10:00:00+09:00", "code", concept(map[string]any{"code": "GLU"}, coding(loincSystem, "2339-0")), "meta", claims(krBase+"krcore-observation-laboratory-result")).json(), measure.SchemaViolation, "/code/coding/0/system"},
		"a profile of another guide":       {pounds.with("meta", claims("http://example.org/StructureDefinition/other")).json(), "", ""},
		"meta.profile not a list of texts": {weight.with("meta", map[string]any{"profile": []any{1}}).json(), measure.SchemaViolation, "/meta/profile"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o, err := Parse(tc.raw, now)
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Reason != tc.reason || e.Message != "fhir: "+tc.reason+" at "+tc.path {
				t.Fatalf("Parse = %+v, %v; want %s at %s", o, err, tc.reason, tc.path)
			}
		})
	}
}
