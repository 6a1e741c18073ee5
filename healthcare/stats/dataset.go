package stats

// Participant is one row of the statistician-facing dataset: a keyed
// pseudonym and generalised attributes, never a subject ID, a name, a
// birth date, a residence below district or a contact.
type Participant struct {
	Pseudonym   string            `json:"pseudonym"`
	AgeBand     string            `json:"age_band"`
	Sex         string            `json:"sex"`
	District    string            `json:"district"`
	WeeklySteps []WeekSteps       `json:"weekly_steps,omitempty"`
	Changes     map[string]Change `json:"changes,omitempty"` // measure ID -> before/after
}

// WeekSteps is a participant's mean daily steps over the days of one week
// (Monday to Sunday) that have a count.
type WeekSteps struct {
	Week  string  `json:"week"` // the Monday, YYYY-MM-DD
	Steps float64 `json:"steps"`
}

// Change is one measure at enrolment (the first observation) and later
// (the last observation at least MinFollowUpDays after the first).
type Change struct {
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	Weeks  int     `json:"weeks"` // whole weeks between the two
}

// Dataset is the pseudonymised extraction, rows in pseudonym order (so the
// order reveals neither enrolment order nor subject IDs).
type Dataset struct {
	Service      string        `json:"service"`
	Extracted    string        `json:"extracted"` // the Seoul date of the extraction
	Participants []Participant `json:"participants"`
}

// Measure is a before/after measure: which item and field it reads.
type Measure struct {
	ID, Item, Field, Label, Unit string
}

// Measures are the effect-evaluation measures, in display order.
var Measures = []Measure{
	{"weight", "weight", "value", "체중", "kg"},
	{"bmi", "bmi", "value", "BMI", "kg/m²"},
	{"systolic", "blood_pressure", "systolic", "수축기 혈압", "mmHg"},
	{"diastolic", "blood_pressure", "diastolic", "이완기 혈압", "mmHg"},
}

// MinFollowUpDays is how long after the first observation a later one
// must be to count as "after": 8 weeks, so a week's noise is no effect.
const MinFollowUpDays = 56

// TrendWeeks is how many weeks, ending with the extraction's, the step
// trend covers.
const TrendWeeks = 12
