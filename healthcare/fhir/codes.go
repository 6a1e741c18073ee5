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

// codes is the LOINC codes whose results the service takes: each gives a
// metric of package measure, whose item the policy declares (purpose
// health-service of policies/seoul-healthcare; a test holds the table to
// it). Units are listed only where no embedded profile binds any: for those
// codes this is the local table the package comment names. As names a code
// read by another's rule (the same measurement, coded more narrowly).
var codes = []struct {
	Code   string
	Metric measure.Metric // "" for a panel read by its components
	Units  []string
	As     string
	Name   string // Korean, for the person
}{
	{Code: "8302-2", Metric: measure.BodyHeight, Name: "신장"},                // profile bodyheight
	{Code: "8306-3", As: "8302-2", Name: "신장(누운 자세)"},                       // Body height --lying
	{Code: "3137-7", As: "8302-2", Name: "신장(측정)"},                          // Body height Measured
	{Code: "29463-7", Metric: measure.BodyWeight, Name: "체중"},               // profile bodyweight
	{Code: "3141-9", As: "29463-7", Name: "체중(측정)"},                         // Body weight Measured
	{Code: "39156-5", Metric: measure.BodyMassIndex, Name: "체질량지수(BMI)"},    // profile bmi
	{Code: "8867-4", Metric: measure.HeartRate, Name: "심박수"},                // profile heartrate
	{Code: "2708-6", Metric: measure.OxygenSaturation, Name: "산소포화도"},       // profile oxygensat
	{Code: "59408-5", As: "2708-6", Name: "산소포화도(맥박산소측정)"},                  // Oxygen saturation by Pulse oximetry
	{Code: "85354-9", Name: "혈압"},                                           // profile bp: components below
	{Code: "8480-6", Metric: measure.Systolic, Units: mmHg, Name: "수축기 혈압"}, // also a component of 85354-9
	{Code: "8462-4", Metric: measure.Diastolic, Units: mmHg, Name: "이완기 혈압"},
	{Code: "8478-0", Metric: measure.MeanArterialPressure, Units: mmHg, Name: "평균 동맥압"},
	{Code: "2085-9", Metric: measure.HDL, Units: massOrMolar, Name: "HDL 콜레스테롤"},           // profile hdlcholesterol, no unit bound
	{Code: "35217-9", Metric: measure.Triglycerides, Units: massOrMolar, Name: "중성지방"},     // profile triglyceride, no unit bound
	{Code: "2571-8", Metric: measure.Triglycerides, Units: massOrMolar, Name: "중성지방"},      // Triglyceride [Mass/volume] in Serum or Plasma
	{Code: "2339-0", Metric: measure.BloodGlucose, Units: massOrMolar, Name: "혈당"},         // Glucose [Mass/volume] in Blood
	{Code: "15074-8", Metric: measure.BloodGlucose, Units: massOrMolar, Name: "혈당"},        // Glucose [Moles/volume] in Blood
	{Code: "2345-7", Metric: measure.BloodGlucose, Units: massOrMolar, Name: "혈당"},         // Glucose [Mass/volume] in Serum or Plasma
	{Code: "14749-6", Metric: measure.BloodGlucose, Units: massOrMolar, Name: "혈당"},        // Glucose [Moles/volume] in Serum or Plasma
	{Code: "1558-6", Metric: measure.BloodGlucose, Units: massOrMolar, Name: "공복 혈당"},      // Fasting glucose [Mass/volume] in Serum or Plasma
	{Code: "8280-0", Metric: measure.Waist, Units: []string{"cm", "[in_i]"}, Name: "허리둘레"}, // Waist circumference (as ucum-bodylength)
	{Code: "41982-0", Metric: measure.BodyFat, Units: []string{"%"}, Name: "체지방률"},         // Percentage of body fat Measured
}

// undeclared is the LOINC codes the service knows but the policy declares
// no item for: results common in a national check-up (국가건강검진) and in
// vital-signs sets. Parse refuses them with undeclared_item, naming the
// code, so that the person learns the programme does not collect them.
var undeclared = []struct{ Code, Name string }{
	{"8310-5", "체온"},
	{"9279-1", "호흡수"},
	{"9843-4", "머리둘레"},
	{"2093-3", "총콜레스테롤"},
	{"35200-5", "총콜레스테롤"},
	{"13457-7", "LDL 콜레스테롤(계산)"},
	{"18262-6", "LDL 콜레스테롤"},
	{"2089-1", "LDL 콜레스테롤"},
	{"718-7", "혈색소"},
	{"4548-4", "당화혈색소"},
	{"1920-8", "AST(SGOT)"},
	{"1742-6", "ALT(SGPT)"},
	{"2324-2", "감마지티피(γ-GTP)"},
	{"2160-0", "혈청 크레아티닌"},
	{"33914-3", "신사구체여과율(eGFR)"},
	{"62238-1", "신사구체여과율(eGFR)"},
	{"48642-3", "신사구체여과율(eGFR)"},
	{"20454-5", "요단백"},
	{"5804-0", "요단백"},
}

// groupings are panels that hold no result of their own, only references
// to their members (hasMember), which arrive as Observations of their own
// and are judged each by itself.
var groupings = map[string]string{
	"85353-1": "활력징후 묶음",
	"57698-3": "지질 검사 묶음",
	"24331-1": "지질 검사 묶음",
}

var mmHg = []string{"mm[Hg]"}

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
	Name       string // Korean
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
		r := &rule{Code: c.Code, Metric: c.Metric, Units: c.Units, Name: c.Name}
		if c.As != "" {
			same, ok := out[c.As]
			if !ok {
				return nil, fmt.Errorf("LOINC %s: read as %s, which comes later or not at all", c.Code, c.As)
			}
			copied := *same
			r, copied.Code, copied.Name = &copied, c.Code, c.Name
		} else if p, ok := profiles[c.Code]; ok {
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
