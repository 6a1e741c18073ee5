package fhir

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// The table read from the embedded definitions is the one the service
// documents: a change to the definitions shows here.
func TestCodes(t *testing.T) {
	t.Parallel()
	got, err := Codes()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"8302-2":  "bodyheight height cm,[in_i]",
		"29463-7": "bodyweight weight kg,[lb_av],g",
		"39156-5": "bmi bmi kg/m2",
		"8867-4":  "heartrate heart_rate /min",
		"2708-6":  "oxygensat oxygen_saturation %",
		"85354-9": "bp blood_pressure mm[Hg]",
		"2085-9":  "hdlcholesterol hdl mg/dL,mmol/L",
		"35217-9": "triglyceride triglycerides mg/dL,mmol/L",
		"2571-8":  " triglycerides mg/dL,mmol/L",
		"2339-0":  " blood_glucose mg/dL,mmol/L",
		"15074-8": " blood_glucose mg/dL,mmol/L",
		"8280-0":  " waist cm,[in_i]",
		"41982-0": " body_composition %",
		"8306-3":  "bodyheight height cm,[in_i]",
		"3137-7":  "bodyheight height cm,[in_i]",
		"3141-9":  "bodyweight weight kg,[lb_av],g",
		"59408-5": "oxygensat oxygen_saturation %",
		"8480-6":  " blood_pressure mm[Hg]",
		"8462-4":  " blood_pressure mm[Hg]",
		"8478-0":  " blood_pressure mm[Hg]",
		"2345-7":  " blood_glucose mg/dL,mmol/L",
		"14749-6": " blood_glucose mg/dL,mmol/L",
		"1558-6":  " blood_glucose mg/dL,mmol/L",
	}
	if len(got) != len(want) {
		t.Fatalf("Codes = %d codes, want %d", len(got), len(want))
	}
	for _, c := range got {
		line := c.Profile + " " + strings.Join(c.Items, ",") + " " + strings.Join(c.Units, ",")
		if line != want[c.Code] {
			t.Errorf("LOINC %s: %q, want %q", c.Code, line, want[c.Code])
		}
	}
}

func TestBloodPressureProfile(t *testing.T) {
	t.Parallel()
	rules, err := loadRules()
	if err != nil {
		t.Fatal(err)
	}
	r := rules["85354-9"]
	want := []ruleComponent{{"8480-6", measure.Systolic, "mm[Hg]"}, {"8462-4", measure.Diastolic, "mm[Hg]"}}
	if !r.VitalSigns || !slices.Equal(r.Components, want) {
		t.Fatalf("bp rule = %+v", r)
	}
	if rules["2085-9"].VitalSigns || !rules["29463-7"].VitalSigns {
		t.Fatal("only the vital-signs profiles derive from vitalsigns")
	}
}

func TestVitalSignsRequired(t *testing.T) {
	t.Parallel()
	got, err := vitalSignsRequired()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"status", "category", "code", "subject", "effective[x]"}; !slices.Equal(got, want) {
		t.Fatalf("vital-signs requires %v, want %v", got, want)
	}
}

func TestValueSetNotEmbedded(t *testing.T) {
	t.Parallel()
	if _, err := valueSet("http://hl7.org/fhir/ValueSet/ucum-bodytemp|4.0.1"); err == nil {
		t.Fatal("a value set that is not embedded was found")
	}
	if got, err := valueSet("http://hl7.org/fhir/ValueSet/ucum-bodyweight|4.0.1"); err != nil || !slices.Equal(got, []string{"kg", "[lb_av]", "g"}) {
		t.Fatalf("ucum-bodyweight = %v, %v", got, err)
	}
}

func TestRuleCheck(t *testing.T) {
	t.Parallel()
	tests := map[string]*rule{
		"no metric, no components":     {Code: "x"},
		"no unit":                      {Code: "x", Metric: measure.BodyWeight},
		"a unit that does not convert": {Code: "x", Metric: measure.BodyWeight, Units: []string{"cm"}},
		"a component that does not":    {Code: "x", Components: []ruleComponent{{"y", measure.Systolic, "kPa"}}},
	}
	for name, r := range tests {
		if r.check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	var e *errs.Error
	if _, err := Parse([]byte(`{}`), now); !errors.As(err, &e) || e.Reason != measure.UnknownSchema {
		t.Fatalf("Parse({}) = %v", err)
	}
}

// Every code taken gives a metric (whose item the policy declares:
// measure's TestItemsAreDeclared); no code is both taken and undeclared;
// each has a Korean name for the person.
func TestCodeTablesApart(t *testing.T) {
	t.Parallel()
	rules, err := loadRules()
	if err != nil {
		t.Fatal(err)
	}
	for code, r := range rules {
		if r.Name == "" || len(r.items()) == 0 || slices.Contains(r.items(), "") {
			t.Errorf("LOINC %s: name %q, items %v", code, r.Name, r.items())
		}
	}
	for _, u := range undeclared {
		if _, taken := rules[u.Code]; taken || u.Name == "" {
			t.Errorf("LOINC %s is both taken and undeclared, or has no name", u.Code)
		}
		if _, ok := groupings[u.Code]; ok {
			t.Errorf("LOINC %s is a grouping and undeclared", u.Code)
		}
	}
}
