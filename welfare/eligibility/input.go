package eligibility

import (
	"errors"
	"strings"

	"jikimi/errs"
	"jikimi/welfare/catalogue"
)

// Input is what a member types into the mock calculation. Amounts are in
// won: income and premium a month, property, debt and car value as they
// stand. Age and Households are optional.
type Input struct {
	HouseholdSize int
	MonthlyIncome int64 // 월 소득
	Property      int64 // 재산
	Debt          int64 // 부채
	CarValue      int64 // 자동차 평가액
	HealthPremium int64 // 월 건강보험료 부과액
	Age           *int  // the applicant's 만 나이, if given
	Households    []catalogue.Household
}

// Bounds on the input. A figure past them is a typing error, not a
// household: the calculation refuses it rather than compute nonsense.
const (
	MaxHouseholdSize = 20
	MaxMonthly       = 100_000_000_000    // 10^11원 a month: income, premium, car value
	MaxAsset         = 10_000_000_000_000 // 10^13원: property and debt
	MaxInputAge      = 150
)

// Reason codes of a refused field.
const (
	ReasonOutOfRange = "out_of_range"
	ReasonNegative   = "negative"
	ReasonTooLarge   = "too_large"
	ReasonUnknown    = "unknown"
	ReasonBeyond     = "beyond_table" // household size past a table that refuses it
)

// Problem is one refused field, by its name and a reason code; it never
// holds the value.
type Problem struct {
	Field  string
	Reason string
}

// Problems are the refused fields of one input.
type Problems []Problem

func (ps Problems) Error() string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Field + ": " + p.Reason
	}
	return strings.Join(parts, "; ")
}

// ProblemsOf returns the refused fields inside an error from Calculate.
func ProblemsOf(err error) Problems {
	var ps Problems
	errors.As(err, &ps)
	return ps
}

// invalidInput is the error for refused fields: errs.Invalid, whose message
// lists field names and reason codes only (safe to show), wrapping the
// Problems.
func invalidInput(ps Problems) error {
	return &errs.Error{Code: errs.Invalid, Reason: "invalid_input", Message: "invalid input: " + ps.Error(), Err: ps}
}

var amounts = []struct {
	field string
	of    func(*Input) int64
	max   int64
}{
	{"monthly_income", func(in *Input) int64 { return in.MonthlyIncome }, MaxMonthly},
	{"property", func(in *Input) int64 { return in.Property }, MaxAsset},
	{"debt", func(in *Input) int64 { return in.Debt }, MaxAsset},
	{"car_value", func(in *Input) int64 { return in.CarValue }, MaxMonthly},
	{"health_insurance_premium", func(in *Input) int64 { return in.HealthPremium }, MaxMonthly},
}

// problems checks every field and returns all that are refused.
func (in *Input) problems() Problems {
	var ps Problems
	if in.HouseholdSize < 1 || in.HouseholdSize > MaxHouseholdSize {
		ps = append(ps, Problem{"household_size", ReasonOutOfRange})
	}
	for _, a := range amounts {
		switch v := a.of(in); {
		case v < 0:
			ps = append(ps, Problem{a.field, ReasonNegative})
		case v > a.max:
			ps = append(ps, Problem{a.field, ReasonTooLarge})
		}
	}
	if in.Age != nil && (*in.Age < 0 || *in.Age > MaxInputAge) {
		ps = append(ps, Problem{"age", ReasonOutOfRange})
	}
	for _, h := range in.Households {
		if h.Code() == "" {
			ps = append(ps, Problem{"households", ReasonUnknown})
			break
		}
	}
	return ps
}
