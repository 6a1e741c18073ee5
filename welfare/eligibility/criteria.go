package eligibility

import (
	_ "embed" // the shipped criteria below

	"jikimi/errs"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// Criteria are the yearly tables the mock calculation uses.
type Criteria struct {
	Notice string // shown with every result: it is a mock calculation
	Years  []Year // in order, not overlapping
}

// Year is the table for one period, usually a calendar year.
type Year struct {
	Year        int
	From, Until civil.Date // inclusive
	Source      string
	Median      []int64 // 기준중위소득 by household size: Median[0] is 1 person
	Beyond      string  // BeyondAddLastStep or BeyondRefuse
	Conversion  Conversion
	Benefits    []Benefit
}

// How sizes beyond the table are handled.
const (
	// BeyondAddLastStep adds, per further person, the difference between
	// the two largest sizes of the table (our reading; see criteria.yaml).
	BeyondAddLastStep = "add_last_step"
	// BeyondRefuse refuses sizes beyond the table.
	BeyondRefuse = "refuse"
)

// Conversion turns property and cars into monthly income, in basis points
// (1/100 of a percent) a month. It is always a simplified mock conversion.
type Conversion struct {
	PropertyBP int64 // applied to property minus debt, never below zero
	CarBP      int64
}

// Benefit is one benefit's rule: eligible when 소득인정액 ≤ PercentBP of the
// household's 기준중위소득 and every condition in When holds.
type Benefit struct {
	ID        string
	Name      string
	PercentBP int64 // 3200 is 32%
	When      Conditions
}

// Conditions on the optional inputs; the zero value has none. A benefit
// with a condition does not match when the input it needs is missing.
type Conditions struct {
	MinAge, MaxAge *int
	Households     []catalogue.Household // any of them
	MaxPremium     *int64                // monthly health-insurance premium, won
}

//go:embed data/criteria.yaml
var shipped []byte

// Embedded returns the criteria shipped in the binary (data/criteria.yaml).
func Embedded() (*Criteria, error) { return Load(shipped) }

// For returns the table whose period covers day; errs.Invalid when none
// does.
func (c *Criteria) For(day civil.Date) (*Year, error) {
	for i := range c.Years {
		if y := &c.Years[i]; !day.Before(y.From) && !day.After(y.Until) {
			return y, nil
		}
	}
	return nil, errs.WithReason(errs.Invalid, "no_table_for_day", "no criteria table covers %s", day)
}

// MedianFor returns the 기준중위소득 of a household of size n (≥ 1), and
// whether it was extrapolated beyond the table; ok is false when the table
// refuses the size.
func (y *Year) MedianFor(n int) (median int64, extrapolated, ok bool) {
	last := len(y.Median)
	if n <= last {
		return y.Median[n-1], false, true
	}
	if y.Beyond != BeyondAddLastStep {
		return 0, false, false
	}
	step := y.Median[last-1] - y.Median[last-2]
	return y.Median[last-1] + int64(n-last)*step, true, true
}
