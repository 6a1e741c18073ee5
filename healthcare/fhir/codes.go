package fhir

import (
	"fmt"
	"slices"
	"sync"

	"jikimi/healthcare/measure"
)

const (
	loincSystem    = "http://loinc.org"
	ucumSystem     = "http://unitsofmeasure.org"
	categorySystem = "http://terminology.hl7.org/CodeSystem/observation-category"
)

// codes is the LOINC codes the service takes and the metric each gives.
// Units are listed only where no embedded profile binds any: for those
// codes this is the local table the package comment names.
var codes = []struct {
	Code   string
	Metric measure.Metric // "" for a panel read by its components
	Units  []string
}{
	{Code: "8302-2", Metric: measure.BodyHeight},       // profile bodyheight
	{Code: "29463-7", Metric: measure.BodyWeight},      // profile bodyweight
	{Code: "39156-5", Metric: measure.BodyMassIndex},   // profile bmi
	{Code: "8867-4", Metric: measure.HeartRate},        // profile heartrate
	{Code: "2708-6", Metric: measure.OxygenSaturation}, // profile oxygensat
	{Code: "85354-9"}, // profile bp: components below
	{Code: "2085-9", Metric: measure.HDL, Units: massOrMolar},                // profile hdlcholesterol, no unit bound
	{Code: "35217-9", Metric: measure.Triglycerides, Units: massOrMolar},     // profile triglyceride, no unit bound
	{Code: "2571-8", Metric: measure.Triglycerides, Units: massOrMolar},      // Triglyceride [Mass/volume] in Serum or Plasma
	{Code: "2339-0", Metric: measure.BloodGlucose, Units: massOrMolar},       // Glucose [Mass/volume] in Blood
	{Code: "15074-8", Metric: measure.BloodGlucose, Units: massOrMolar},      // Glucose [Moles/volume] in Blood
	{Code: "8280-0", Metric: measure.Waist, Units: []string{"cm", "[in_i]"}}, // Waist circumference (as ucum-bodylength)
	{Code: "41982-0", Metric: measure.BodyFat, Units: []string{"%"}},         // Percentage of body fat Measured
}

// massOrMolar: laboratories report lipids and glucose in either; the
// conversion is by the analyte's molar mass (package measure).
var massOrMolar = []string{"mg/dL", "mmol/L"}

// componentMetrics maps the blood-pressure panel's component codes.
var componentMetrics = map[string]measure.Metric{
	"8480-6": measure.Systolic,
	"8462-4": measure.Diastolic,
}

// rule is what Parse checks for one LOINC code.
type rule struct {
	Code       string
	Profile    string // embedded profile ID, "" for a local entry
	Metric     measure.Metric
	Units      []string
	VitalSigns bool
	Components []ruleComponent
}

type ruleComponent struct {
	Code   string
	Metric measure.Metric
	Unit   string
}

// loadRules joins the table with the embedded profiles.
var loadRules = sync.OnceValues(func() (map[string]*rule, error) {
	profiles, err := loadProfiles()
	if err != nil {
		return nil, err
	}
	out := map[string]*rule{}
	for _, c := range codes {
		r := &rule{Code: c.Code, Metric: c.Metric, Units: c.Units}
		if p, ok := profiles[c.Code]; ok {
			r.fromProfile(p)
		}
		if err := r.check(); err != nil {
			return nil, fmt.Errorf("LOINC %s: %w", c.Code, err)
		}
		out[c.Code] = r
	}
	return out, nil
})

func (r *rule) fromProfile(p *profile) {
	r.Profile, r.VitalSigns = p.ID, p.VitalSigns
	if p.Units != nil {
		r.Units = p.Units
	}
	for _, c := range p.Components {
		r.Components = append(r.Components, ruleComponent{c.Code, componentMetrics[c.Code], c.Unit})
	}
}

// check refuses a rule the service could not convert.
func (r *rule) check() error {
	if r.Metric == "" && len(r.Components) == 0 {
		return fmt.Errorf("neither a metric nor components")
	}
	for _, c := range r.Components {
		if _, ok := measure.ToCanonical(c.Metric, 1, c.Unit); !ok {
			return fmt.Errorf("component %s: unit %s does not convert", c.Code, c.Unit)
		}
	}
	if r.Metric != "" && len(r.Units) == 0 {
		return fmt.Errorf("no unit")
	}
	for _, u := range r.Units {
		if _, ok := measure.ToCanonical(r.Metric, 1, u); !ok {
			return fmt.Errorf("unit %s does not convert", u)
		}
	}
	return nil
}

// Code describes one LOINC code the service takes.
type Code struct {
	Code    string
	Profile string   // the embedded FHIR profile that constrains it, "" for the local table
	Items   []string // policy items (purpose health-service) of its values
	Units   []string // UCUM units accepted
}

// Codes lists the LOINC codes Parse accepts.
func Codes() ([]Code, error) {
	rules, err := loadRules()
	if err != nil {
		return nil, err
	}
	var out []Code
	for _, c := range codes {
		r := rules[c.Code]
		out = append(out, Code{Code: r.Code, Profile: r.Profile, Items: r.items(), Units: r.unitList()})
	}
	return out, nil
}

func (r *rule) items() []string {
	if r.Metric != "" {
		return []string{r.Metric.Item()}
	}
	var out []string
	for _, c := range r.Components {
		if !slices.Contains(out, c.Metric.Item()) {
			out = append(out, c.Metric.Item())
		}
	}
	return out
}

func (r *rule) unitList() []string {
	if r.Metric != "" {
		return r.Units
	}
	var out []string
	for _, c := range r.Components {
		if !slices.Contains(out, c.Unit) {
			out = append(out, c.Unit)
		}
	}
	return out
}
