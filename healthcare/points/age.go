package points

// NeedsAge reports whether the participant's age can change the award of a
// day with these steps: the award at the youngest and at the oldest age
// differ. When it cannot, the caller need not read the birth date at all
// (data minimisation: most days are decided by the steps alone).
func (r *Rules) NeedsAge(steps int) bool {
	return r.best(0, steps) != r.best(maxAge, steps)
}

// maxAge is the oldest age a rule may ask for (see DailyRule.validate).
const maxAge = 150
