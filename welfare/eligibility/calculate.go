package eligibility

import (
	"fmt"

	"jikimi/welfare/civil"
)

// Result is one mock calculation.
type Result struct {
	Year           int // the table used
	HouseholdSize  int
	Median         int64 // 기준중위소득 of the household size
	Extrapolated   bool  // Median is our extrapolation beyond the table
	Income         int64 // the monthly income given
	PropertyIncome int64 // property minus debt, converted (simplified)
	CarIncome      int64 // car value, converted (simplified)
	Recognised     int64 // 소득인정액 = Income + PropertyIncome + CarIncome
	Matches        []Match
	Notice         string // always shown: this is a simplified mock calculation
}

// Match is a benefit whose criteria the input meets, with the reason.
type Match struct {
	Benefit   string // the rule's ID, e.g. "livelihood"
	Name      string // e.g. "생계급여"
	Threshold int64  // PercentBP of Median, rounded down to the won
	PercentBP int64
	Reason    string // e.g. "소득인정액 812,000원 ≤ 생계급여 기준 820,556원 (1인 가구 기준중위소득의 32%)"
}

// Calculate runs the mock calculation for in on day, with the table that
// covers day. Bad input is errs.Invalid listing every refused field (see
// ProblemsOf) and nothing is computed; a day no table covers is
// errs.Invalid too.
func (c *Criteria) Calculate(in Input, day civil.Date) (*Result, error) {
	if ps := in.problems(); len(ps) > 0 {
		return nil, invalidInput(ps)
	}
	y, err := c.For(day)
	if err != nil {
		return nil, err
	}
	median, extrapolated, ok := y.MedianFor(in.HouseholdSize)
	if !ok {
		return nil, invalidInput(Problems{{"household_size", ReasonBeyond}})
	}
	r := &Result{Year: y.Year, HouseholdSize: in.HouseholdSize, Median: median, Extrapolated: extrapolated,
		Income: in.MonthlyIncome, Notice: c.Notice}
	r.PropertyIncome = max(0, in.Property-in.Debt) * y.Conversion.PropertyBP / 10_000
	r.CarIncome = in.CarValue * y.Conversion.CarBP / 10_000
	r.Recognised = r.Income + r.PropertyIncome + r.CarIncome
	for _, b := range y.Benefits {
		if m, ok := r.match(b, &in); ok {
			r.Matches = append(r.Matches, m)
		}
	}
	return r, nil
}

func (r *Result) match(b Benefit, in *Input) (Match, bool) {
	threshold := r.Median * b.PercentBP / 10_000
	if r.Recognised > threshold || !b.When.hold(in) {
		return Match{}, false
	}
	reason := fmt.Sprintf("소득인정액 %s ≤ %s 기준 %s (%d인 가구 기준중위소득의 %s%%)",
		Won(r.Recognised), b.Name, Won(threshold), r.HouseholdSize, percent(b.PercentBP))
	return Match{Benefit: b.ID, Name: b.Name, Threshold: threshold, PercentBP: b.PercentBP,
		Reason: reason + b.When.describe(in)}, true
}

// hold reports whether the input meets every condition; a condition on an
// input that was not given does not hold.
func (c Conditions) hold(in *Input) bool {
	if (c.MinAge != nil || c.MaxAge != nil) && in.Age == nil {
		return false
	}
	switch {
	case c.MinAge != nil && *in.Age < *c.MinAge,
		c.MaxAge != nil && *in.Age > *c.MaxAge,
		c.MaxPremium != nil && in.HealthPremium > *c.MaxPremium:
		return false
	}
	_, shared := firstShared(in.Households, c.Households)
	return len(c.Households) == 0 || shared
}
