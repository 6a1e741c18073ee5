package ingest

import (
	"time"

	"jikimi/healthcare/measure"
)

// SelfReport is what a participant reports about themself in the app: any
// of the fields, at least one. Each becomes the policy item of purpose
// health-service its JSON name says (see reportItems).
type SelfReport struct {
	On                string           `json:"on,omitempty"` // the day it describes (YYYY-MM-DD, Seoul); today when empty
	Height            *Quantity        `json:"height,omitempty"`
	Weight            *Quantity        `json:"weight,omitempty"`
	Waist             *Quantity        `json:"waist,omitempty"`
	BMI               *float64         `json:"bmi,omitempty"` // kg/m2
	BloodPressure     *BloodPressure   `json:"blood_pressure,omitempty"`
	BloodGlucose      *Quantity        `json:"blood_glucose,omitempty"`
	BodyComposition   *BodyComposition `json:"body_composition,omitempty"`
	Triglycerides     *Quantity        `json:"triglycerides,omitempty"`
	HDL               *Quantity        `json:"hdl,omitempty"`
	Smoking           string           `json:"smoking,omitempty"`
	QuitPlan          string           `json:"quit_plan,omitempty"`
	Drinking          *bool            `json:"drinking,omitempty"`
	DrinkingAmount    *float64         `json:"drinking_amount,omitempty"` // standard drinks a drinking day
	DrinkingFrequency string           `json:"drinking_frequency,omitempty"`
	Childbirth        *int             `json:"childbirth,omitempty"` // births, 0 for none
	MetabolicSyndrome *bool            `json:"metabolic_syndrome,omitempty"`
	Diet              []Meal           `json:"diet,omitempty"`
	WaterIntakeML     *float64         `json:"water_intake_ml,omitempty"`
	Menstruation      *Menstruation    `json:"menstruation,omitempty"`
	HomeTraining      *Session         `json:"home_training,omitempty"`
	MentalCare        *Session         `json:"mental_care,omitempty"`
	Occupation        string           `json:"occupation,omitempty"`
	HouseholdType     string           `json:"household_type,omitempty"`
	Organisation      string           `json:"organisation,omitempty"`
}

// Quantity is a value with its UCUM unit; it is stored in the metric's
// canonical unit (kg, cm, mmol/L).
type Quantity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// BloodPressure is in mm[Hg].
type BloodPressure struct {
	Systolic  float64 `json:"systolic"`
	Diastolic float64 `json:"diastolic"`
}

// BodyComposition: body fat in %, muscle mass as a mass.
type BodyComposition struct {
	FatPercent *float64  `json:"fat_percent,omitempty"`
	MuscleMass *Quantity `json:"muscle_mass,omitempty"`
}

// Meal is one entry of a day's diet.
type Meal struct {
	Meal string  `json:"meal"` // breakfast, lunch, dinner, snack
	Kcal float64 `json:"kcal"`
	Note string  `json:"note,omitempty"`
}

// Menstruation is one period.
type Menstruation struct {
	Start string `json:"start"`         // YYYY-MM-DD
	End   string `json:"end,omitempty"` // YYYY-MM-DD, not before Start
	Flow  string `json:"flow,omitempty"`
}

// Session is one home-training or mental-care session.
type Session struct {
	Program string  `json:"program"`
	Minutes float64 `json:"minutes"`
}

// The choices of the questionnaire's closed questions.
var (
	smokingChoices   = []string{"never", "former", "current"}
	quitPlanChoices  = []string{"none", "within_1_month", "within_6_months", "someday"}
	frequencyChoices = []string{"never", "monthly_or_less", "2_4_per_month", "2_3_per_week", "4_or_more_per_week"}
	mealChoices      = []string{"breakfast", "lunch", "dinner", "snack"}
	flowChoices      = []string{"light", "medium", "heavy"}
	householdChoices = []string{"single", "couple", "with_children", "with_parents", "three_generations", "other"}
)

// maxText bounds free text (a programme, an occupation, a meal note).
const maxText = 100

// check validates a report and returns the values to store, by item.
func (s *SelfReport) check(now time.Time) (map[string]string, error) {
	f := newForm("self", measure.DateOf(now))
	f.day(s.On, now)
	f.quantity("height", "/height", measure.BodyHeight, s.Height)
	f.quantity("weight", "/weight", measure.BodyWeight, s.Weight)
	f.quantity("waist", "/waist", measure.Waist, s.Waist)
	if s.BMI != nil {
		f.quantity("bmi", "/bmi", measure.BodyMassIndex, &Quantity{*s.BMI, "kg/m2"})
	}
	f.bloodPressure(s.BloodPressure)
	f.quantity("blood_glucose", "/blood_glucose", measure.BloodGlucose, s.BloodGlucose)
	f.bodyComposition(s.BodyComposition)
	f.quantity("triglycerides", "/triglycerides", measure.Triglycerides, s.Triglycerides)
	f.quantity("hdl", "/hdl", measure.HDL, s.HDL)
	f.choice("smoking", s.Smoking, smokingChoices)
	f.choice("quit_plan", s.QuitPlan, quitPlanChoices)
	f.flag("drinking", s.Drinking)
	f.number("drinking_amount", "/drinking_amount", s.DrinkingAmount, 0, 50)
	f.choice("drinking_frequency", s.DrinkingFrequency, frequencyChoices)
	f.births(s.Childbirth)
	f.flag("metabolic_syndrome", s.MetabolicSyndrome)
	f.diet(s.Diet)
	f.number("water_intake", "/water_intake_ml", s.WaterIntakeML, 0, 10_000)
	f.menstruation(s.Menstruation, now)
	f.session("home_training", "/home_training", s.HomeTraining)
	f.session("mental_care", "/mental_care", s.MentalCare)
	f.text("occupation", "/occupation", s.Occupation)
	f.choice("household_type", s.HouseholdType, householdChoices)
	f.text("organisation", "/organisation", s.Organisation)
	return f.done()
}
