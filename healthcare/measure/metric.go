package measure

import (
	"math"
	"time"
)

// Metric names what was measured.
type Metric string

// The metrics the service accepts.
const (
	Steps            Metric = "steps"
	HeartRate        Metric = "heart_rate"
	SleepDuration    Metric = "sleep_duration"
	OxygenSaturation Metric = "oxygen_saturation"
	ActivityName     Metric = "activity_name"
	ActivityDuration Metric = "activity_duration"
	ActivityDistance Metric = "activity_distance"
	CaloriesBurned   Metric = "calories_burned"
	Systolic         Metric = "systolic_blood_pressure"
	Diastolic        Metric = "diastolic_blood_pressure"
	// MeanArterialPressure is part of 혈압 (blood_pressure) as the policy
	// declares it.
	MeanArterialPressure Metric = "mean_arterial_pressure"
	BodyWeight           Metric = "body_weight"
	BodyHeight           Metric = "body_height"
	Waist                Metric = "waist_circumference"
	BodyMassIndex        Metric = "body_mass_index"
	BodyFat              Metric = "body_fat_percentage"
	BloodGlucose         Metric = "blood_glucose"
	Triglycerides        Metric = "triglycerides"
	HDL                  Metric = "hdl_cholesterol"
)

// Spec is one row of the metric table.
type Spec struct {
	Metric Metric
	// Item is the item ID of purpose health-service in
	// policies/seoul-healthcare: the consent and retention that cover it.
	Item string
	// Unit is the canonical UCUM unit; "" for a text value.
	Unit string
	// Min and Max bound a plausible value, inclusive. They reject what no
	// body or device produces, not what is merely unusual.
	Min, Max float64
	// PerDay scales Max by the days a measurement's interval spans: it is a
	// total that grows with time (steps, calories, minutes, distance).
	PerDay bool
	// MgPerDLPerMmolPerL converts a concentration between mg/dL and mmol/L;
	// 0 where the metric has no such pair.
	MgPerDLPerMmolPerL float64
}

// specs is the one table. The bounds from issue 5 are heart rate 20–250 /min,
// steps ≤ 100,000 a day, SpO2 50–100 % and systolic 50–260 mm[Hg]; the others
// are set as wide as the same reasoning gives (physiology and device range,
// not clinical reference ranges).
var specs = []Spec{
	{Metric: Steps, Item: "steps", Unit: "{steps}", Min: 0, Max: 100_000, PerDay: true},
	{Metric: HeartRate, Item: "heart_rate", Unit: "/min", Min: 20, Max: 250},
	{Metric: SleepDuration, Item: "sleep", Unit: "min", Min: 0, Max: 24 * 60, PerDay: true},
	{Metric: OxygenSaturation, Item: "oxygen_saturation", Unit: "%", Min: 50, Max: 100},
	{Metric: ActivityName, Item: "activity_type"},
	{Metric: ActivityDuration, Item: "activity_time", Unit: "min", Min: 0, Max: 24 * 60, PerDay: true},
	{Metric: ActivityDistance, Item: "activity_distance", Unit: "m", Min: 0, Max: 300_000, PerDay: true},
	{Metric: CaloriesBurned, Item: "calories", Unit: "kcal", Min: 0, Max: 20_000, PerDay: true},
	{Metric: Systolic, Item: "blood_pressure", Unit: "mm[Hg]", Min: 50, Max: 260},
	{Metric: Diastolic, Item: "blood_pressure", Unit: "mm[Hg]", Min: 20, Max: 200},
	{Metric: MeanArterialPressure, Item: "blood_pressure", Unit: "mm[Hg]", Min: 30, Max: 220},
	{Metric: BodyWeight, Item: "weight", Unit: "kg", Min: 20, Max: 400},
	{Metric: BodyHeight, Item: "height", Unit: "cm", Min: 50, Max: 260},
	{Metric: Waist, Item: "waist", Unit: "cm", Min: 30, Max: 250},
	{Metric: BodyMassIndex, Item: "bmi", Unit: "kg/m2", Min: 8, Max: 100},
	{Metric: BodyFat, Item: "body_composition", Unit: "%", Min: 1, Max: 80},
	{Metric: BloodGlucose, Item: "blood_glucose", Unit: "mmol/L", Min: 0.5, Max: 50, MgPerDLPerMmolPerL: 18.016},
	{Metric: Triglycerides, Item: "triglycerides", Unit: "mmol/L", Min: 0.05, Max: 120, MgPerDLPerMmolPerL: 88.57},
	{Metric: HDL, Item: "hdl", Unit: "mmol/L", Min: 0.05, Max: 10, MgPerDLPerMmolPerL: 38.67},
}

var byMetric = func() map[Metric]*Spec {
	m := make(map[Metric]*Spec, len(specs))
	for i := range specs {
		m[specs[i].Metric] = &specs[i]
	}
	return m
}()

// Specs returns a copy of the table.
func Specs() []Spec { return append([]Spec(nil), specs...) }

// SpecOf returns the row of m.
func SpecOf(m Metric) (Spec, bool) {
	s, ok := byMetric[m]
	if !ok {
		return Spec{}, false
	}
	return *s, true
}

// Item is the policy item ID of m, "" for an unknown metric.
func (m Metric) Item() string {
	if s, ok := byMetric[m]; ok {
		return s.Item
	}
	return ""
}

// Plausible reports whether v, in m's canonical unit, over an interval of
// length span (0 for a point in time), is inside m's bounds. NaN and
// infinities never are.
func Plausible(m Metric, v float64, span time.Duration) bool {
	s, ok := byMetric[m]
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	hi := s.Max
	if s.PerDay && span > 24*time.Hour {
		hi *= math.Ceil(span.Hours() / 24)
	}
	return v >= s.Min && v <= hi
}
