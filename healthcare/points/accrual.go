package points

import (
	"time"

	"jikimi/healthcare/measure"
)

// Participant is what the rules need of a participant.
type Participant struct {
	ID        string // opaque subject ID
	BirthDate measure.Date
}

// AgeOn is the participant's age in full years (만 나이) on a date. A
// 29 February birthday comes on 1 March in common years, as the Civil Act's
// reckoning of periods (Art. 160) gives.
func (p Participant) AgeOn(d measure.Date) int {
	age := d.Year - p.BirthDate.Year
	if d.Month < p.BirthDate.Month || d.Month == p.BirthDate.Month && d.Day < p.BirthDate.Day {
		age--
	}
	return age
}

// Kind says what an accrual is for.
type Kind string

// Kinds.
const (
	Daily  Kind = "daily"
	Weekly Kind = "weekly"
)

// Accrual is points earned, ready to store under its Key.
type Accrual struct {
	Participant string
	Kind        Kind
	// Day is the day the points are for: the day itself, or the Monday
	// that starts the week of a weekly bonus.
	Day    measure.Date
	Rule   string // the rule that awarded them, "" for none
	Earned int    // before the yearly cap
	Points int    // granted, after the cap
	Capped bool   // the cap cut Earned down to Points
}

// Key is the idempotency key: one accrual per participant, kind and day
// (or week).
func (a Accrual) Key() string {
	return string(a.Kind) + "/" + a.Participant + "/" + a.Day.String()
}

// Year is the calendar year whose cap the accrual counts against: the
// day's, or for a weekly bonus the year of the week's Sunday, the day it
// is earned.
func (a Accrual) Year() int {
	if a.Kind == Weekly {
		return a.Day.AddDays(6).Year
	}
	return a.Day.Year
}

// LastWeek is the Monday of the last whole Monday-to-Sunday week before
// now, in Seoul: the week a weekly bonus run evaluates.
func LastWeek(now time.Time) measure.Date {
	return measure.DateOf(now).Monday().AddDays(-7)
}
