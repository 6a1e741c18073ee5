package eligibility

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"jikimi/errs"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// The YAML shape of criteria.yaml; see the file for what each key means.
type (
	rawCriteria struct {
		Notice string    `yaml:"notice"`
		Years  []rawYear `yaml:"years"`
	}
	rawYear struct {
		Year       int           `yaml:"year"`
		From       string        `yaml:"from"`
		Until      string        `yaml:"until"`
		Source     string        `yaml:"source"`
		Median     map[int]int64 `yaml:"median_income"`
		Beyond     string        `yaml:"beyond_table"`
		Conversion rawConversion `yaml:"conversion"`
		Benefits   []rawBenefit  `yaml:"benefits"`
	}
	rawConversion struct {
		Simplified bool    `yaml:"simplified"`
		Property   float64 `yaml:"property_monthly_percent"`
		Car        float64 `yaml:"car_monthly_percent"`
	}
	rawBenefit struct {
		ID      string  `yaml:"id"`
		Name    string  `yaml:"name"`
		Percent float64 `yaml:"percent_of_median"`
		When    rawWhen `yaml:"when"`
	}
	rawWhen struct {
		MinAge     *int     `yaml:"min_age"`
		MaxAge     *int     `yaml:"max_age"`
		Households []string `yaml:"households_any"`
		MaxPremium *int64   `yaml:"max_health_insurance_premium"`
	}
)

// Bounds on a criteria file.
const (
	maxFileSize = 1 << 20
	maxMedian   = 10_000_000_000 // 100억원 a month: far above any real median
	maxAge      = 150
)

// Load reads criteria strictly: unknown keys, missing or malformed dates,
// overlapping periods, a median table that does not start at one person or
// does not grow with the household, a conversion not marked simplified,
// percentages outside (0, 100] or with more than two decimals, and unknown
// household codes are all errs.Invalid.
func Load(data []byte) (*Criteria, error) {
	if len(data) > maxFileSize {
		return nil, bad("criteria file larger than %d bytes", maxFileSize)
	}
	var raw rawCriteria
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "criteria are not valid YAML of the expected shape")
	}
	return raw.criteria()
}

func bad(format string, args ...any) error { return errs.E(errs.Invalid, format, args...) }

// within puts context in front of a criteria error's message.
func within(context string, err error) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return bad("%s: %s", context, e.Message)
	}
	return err
}

func (r rawCriteria) criteria() (*Criteria, error) {
	if r.Notice == "" || len(r.Years) == 0 {
		return nil, bad("criteria need a notice and at least one year")
	}
	c := &Criteria{Notice: r.Notice}
	for i, ry := range r.Years {
		y, err := ry.year()
		if err != nil {
			return nil, within(fmt.Sprintf("criteria year %d (entry %d)", ry.Year, i), err)
		}
		c.Years = append(c.Years, y)
	}
	slices.SortFunc(c.Years, func(a, b Year) int { return a.From.Compare(b.From) })
	for i := 1; i < len(c.Years); i++ {
		if !c.Years[i].From.After(c.Years[i-1].Until) {
			return nil, bad("criteria years %d and %d overlap", c.Years[i-1].Year, c.Years[i].Year)
		}
	}
	return c, nil
}

func (r rawYear) year() (Year, error) {
	y := Year{Year: r.Year, Source: r.Source, Beyond: r.Beyond}
	var err error
	if y.From, err = civil.Parse(r.From); err != nil {
		return y, bad("from: not a date")
	}
	if y.Until, err = civil.Parse(r.Until); err != nil {
		return y, bad("until: not a date")
	}
	if y.Until.Before(y.From) || y.From.Year() != r.Year {
		return y, bad("the period must start in its year and end after it starts")
	}
	if y.Median, err = medianTable(r.Median); err != nil {
		return y, err
	}
	if err := checkBeyond(r.Beyond, len(y.Median)); err != nil {
		return y, err
	}
	if y.Conversion, err = r.Conversion.conversion(); err != nil {
		return y, err
	}
	y.Benefits, err = benefits(r.Benefits)
	return y, err
}

// medianTable checks that sizes run 1..n and the amounts grow with size.
func medianTable(m map[int]int64) ([]int64, error) {
	out := make([]int64, len(m))
	for size, amount := range m {
		if size < 1 || size > len(m) {
			return nil, bad("median_income: sizes must run from 1 without gaps")
		}
		out[size-1] = amount
	}
	for i, amount := range out {
		if amount <= 0 || amount > maxMedian || i > 0 && amount <= out[i-1] {
			return nil, bad("median_income: amounts must be positive, at most %d and grow with the household", int64(maxMedian))
		}
	}
	if len(out) == 0 {
		return nil, bad("median_income: empty")
	}
	return out, nil
}

func checkBeyond(beyond string, sizes int) error {
	switch {
	case beyond == BeyondRefuse:
		return nil
	case beyond == BeyondAddLastStep && sizes >= 2:
		return nil
	case beyond == BeyondAddLastStep:
		return bad("beyond_table: add_last_step needs at least two sizes")
	}
	return bad("beyond_table: must be %s or %s", BeyondAddLastStep, BeyondRefuse)
}

func (r rawConversion) conversion() (Conversion, error) {
	if !r.Simplified {
		return Conversion{}, bad("conversion: must be marked simplified: true (this is a mock calculation)")
	}
	p, ok1 := basisPoints(r.Property, true)
	c, ok2 := basisPoints(r.Car, true)
	if !ok1 || !ok2 {
		return Conversion{}, bad("conversion: percentages must be 0 to 100 with at most two decimals")
	}
	return Conversion{PropertyBP: p, CarBP: c}, nil
}

// basisPoints turns a percentage with at most two decimals, in [0, 100]
// (or (0, 100] unless zeroOK), into basis points.
func basisPoints(percent float64, zeroOK bool) (int64, bool) {
	bp := math.Round(percent * 100)
	if math.IsNaN(percent) || math.Abs(bp-percent*100) > 1e-6 || bp < 0 || bp > 10000 || bp == 0 && !zeroOK {
		return 0, false
	}
	return int64(bp), true
}

var benefitID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func benefits(raws []rawBenefit) ([]Benefit, error) {
	if len(raws) == 0 {
		return nil, bad("benefits: none")
	}
	out := make([]Benefit, 0, len(raws))
	seen := map[string]bool{}
	for _, r := range raws {
		b, err := r.benefit()
		if err != nil {
			return nil, err
		}
		if seen[b.ID] {
			return nil, bad("benefits: duplicate id %q", b.ID)
		}
		seen[b.ID] = true
		out = append(out, b)
	}
	return out, nil
}

func (r rawBenefit) benefit() (Benefit, error) {
	b := Benefit{ID: r.ID, Name: r.Name}
	var ok bool
	switch {
	case !benefitID.MatchString(r.ID):
		return b, bad("benefits: id must be lower-case letters, digits and _")
	case r.Name == "":
		return b, bad("benefits: %s has no name", r.ID)
	}
	if b.PercentBP, ok = basisPoints(r.Percent, false); !ok {
		return b, bad("benefits: %s: percent_of_median must be above 0, at most 100, with at most two decimals", r.ID)
	}
	var err error
	if b.When, err = r.When.conditions(); err != nil {
		return b, within("benefits: "+r.ID, err)
	}
	return b, nil
}

func (r rawWhen) conditions() (Conditions, error) {
	c := Conditions{MinAge: r.MinAge, MaxAge: r.MaxAge, MaxPremium: r.MaxPremium}
	for _, a := range []*int{r.MinAge, r.MaxAge} {
		if a != nil && (*a < 0 || *a > maxAge) {
			return c, bad("ages must be 0 to %d", maxAge)
		}
	}
	if r.MinAge != nil && r.MaxAge != nil && *r.MinAge > *r.MaxAge {
		return c, bad("min_age is above max_age")
	}
	if r.MaxPremium != nil && *r.MaxPremium < 0 {
		return c, bad("max_health_insurance_premium is negative")
	}
	for _, code := range r.Households {
		h, ok := catalogue.ParseHouseholdCode(code)
		if !ok {
			return c, bad("households_any: unknown household code")
		}
		c.Households = append(c.Households, h)
	}
	return c, nil
}
