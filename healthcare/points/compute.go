package points

import "jikimi/healthcare/measure"

// Daily is the day's award: the largest among the daily rules the
// participant meets (the first in the file on a tie), or zero points.
func (r *Rules) Daily(p Participant, day measure.Date, steps int) Accrual {
	a := Accrual{Participant: p.ID, Kind: Daily, Day: day}
	if best := r.best(p.AgeOn(day), steps); best != nil {
		a.Rule, a.Earned, a.Points = best.Name, best.Points, best.Points
	}
	return a
}

func (r *Rules) best(age, steps int) *DailyRule {
	var best *DailyRule
	for i := range r.DailyRules {
		d := &r.DailyRules[i]
		if age >= d.MinAge && steps >= d.MinSteps && (best == nil || d.Points > best.Points) {
			best = d
		}
	}
	return best
}

// Weekly is the bonus of the Monday-to-Sunday week that contains week,
// given the steps of its days, Monday first. Zero points without a
// weekly_bonus rule or when the week falls short.
func (r *Rules) Weekly(p Participant, week measure.Date, steps [7]int) Accrual {
	monday := week.Monday()
	var ok [7]bool
	for i, s := range steps {
		ok[i] = r.best(p.AgeOn(monday.AddDays(i)), s) != nil
	}
	return r.WeeklyOf(p.ID, monday, ok)
}

// WeeklyOf is Weekly given which days of the week were successful, Monday
// first: for a caller that stored the daily awards and need not read the
// steps or the age again.
func (r *Rules) WeeklyOf(participant string, week measure.Date, successful [7]bool) Accrual {
	monday := week.Monday()
	a := Accrual{Participant: participant, Kind: Weekly, Day: monday}
	w := r.WeeklyBonus
	if w == nil {
		return a
	}
	days, weekend := 0, false
	for i, ok := range successful {
		if ok {
			days++
			weekend = weekend || i >= 5
		}
	}
	if days >= w.SuccessfulDays && (weekend || !w.NeedsWeekendDay) {
		a.Rule, a.Earned, a.Points = "weekly_bonus", w.Points, w.Points
	}
	return a
}

// Cap applies the yearly cap, given what the participant already has in
// the accrual's Year. It never takes back points already granted.
func (r *Rules) Cap(a Accrual, yearToDate int) Accrual {
	if r.YearlyCap == nil {
		return a
	}
	room := max(*r.YearlyCap-yearToDate, 0)
	if a.Points > room {
		a.Points, a.Capped = room, true
	}
	return a
}
