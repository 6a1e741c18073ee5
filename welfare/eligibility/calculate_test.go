package eligibility

import (
	"slices"
	"testing"

	"jikimi/errs"
)

func names(ms []Match) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func TestCalculate(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	all := []string{"생계급여", "의료급여", "주거급여", "교육급여"}
	tests := []struct {
		name       string
		in         Input
		recognised int64
		median     int64
		want       []string
	}{
		{"one person below every line", Input{HouseholdSize: 1, MonthlyIncome: 812_000}, 812_000, 2_564_238, all},
		{"exactly on the livelihood line", Input{HouseholdSize: 1, MonthlyIncome: 820_556}, 820_556, 2_564_238, all},
		{"one won above the livelihood line", Input{HouseholdSize: 1, MonthlyIncome: 820_557}, 820_557, 2_564_238, all[1:]},
		{"housing and education only", Input{HouseholdSize: 1, MonthlyIncome: 1_100_000}, 1_100_000, 2_564_238, all[2:]},
		{"above every line", Input{HouseholdSize: 1, MonthlyIncome: 1_282_120}, 1_282_120, 2_564_238, []string{}},
		{"four persons without income", Input{HouseholdSize: 4}, 0, 6_494_738, all},
		{"property is converted at 4.17% a month", Input{HouseholdSize: 2, MonthlyIncome: 1_000_000, Property: 10_000_000},
			1_417_000, 4_199_292, all[1:]},
		{"debt is deducted from property", Input{HouseholdSize: 2, Property: 30_000_000, Debt: 20_000_000}, 417_000, 4_199_292, all},
		{"debt beyond property counts as none", Input{HouseholdSize: 2, MonthlyIncome: 500_000, Debt: 50_000_000},
			500_000, 4_199_292, all},
		{"a car is converted at 100% a month", Input{HouseholdSize: 3, CarValue: 5_000_000}, 5_000_000, 5_359_036, []string{}},
		{"the premium alone changes nothing", Input{HouseholdSize: 1, HealthPremium: 90_000}, 0, 2_564_238, all},
		{"five persons are extrapolated", Input{HouseholdSize: 5, MonthlyIncome: 2_400_000}, 2_400_000, 7_630_440, all},
		{"twenty persons are extrapolated", Input{HouseholdSize: 20}, 0, 24_665_970, all},
		{"the largest figures still compute", Input{HouseholdSize: 1, MonthlyIncome: MaxMonthly, Property: MaxAsset,
			CarValue: MaxMonthly, HealthPremium: MaxMonthly}, 617_000_000_000, 2_564_238, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := c.Calculate(tt.in, day(t, "2026-03-01"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Recognised != tt.recognised || r.Median != tt.median || !slices.Equal(names(r.Matches), tt.want) {
				t.Fatalf("recognised %d, median %d, matches %v; want %d, %d, %v",
					r.Recognised, r.Median, names(r.Matches), tt.recognised, tt.median, tt.want)
			}
			if r.Year != 2026 || r.Notice == "" || r.Extrapolated != (tt.in.HouseholdSize > 4) {
				t.Fatalf("year %d, notice %q, extrapolated %v", r.Year, r.Notice, r.Extrapolated)
			}
		})
	}
}

func TestReasonsInWords(t *testing.T) {
	t.Parallel()
	r, err := embedded(t).Calculate(Input{HouseholdSize: 1, MonthlyIncome: 812_000}, day(t, "2026-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"소득인정액 812,000원 ≤ 생계급여 기준 820,556원 (1인 가구 기준중위소득의 32%)",
		"소득인정액 812,000원 ≤ 의료급여 기준 1,025,695원 (1인 가구 기준중위소득의 40%)",
		"소득인정액 812,000원 ≤ 주거급여 기준 1,230,834원 (1인 가구 기준중위소득의 48%)",
		"소득인정액 812,000원 ≤ 교육급여 기준 1,282,119원 (1인 가구 기준중위소득의 50%)",
	}
	for i, m := range r.Matches {
		if m.Reason != want[i] {
			t.Errorf("reason %q, want %q", m.Reason, want[i])
		}
	}
	if m := r.Matches[0]; m.Benefit != "livelihood" || m.Threshold != 820_556 || m.PercentBP != 3200 {
		t.Fatalf("match %+v", m)
	}
}

func TestBadInputIsRefusedFieldByField(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	ok := Input{HouseholdSize: 1}
	with := func(f func(*Input)) Input { in := ok; f(&in); return in }
	tests := []struct {
		name string
		in   Input
		want Problems
	}{
		{"household of none", with(func(in *Input) { in.HouseholdSize = 0 }), Problems{{"household_size", ReasonOutOfRange}}},
		{"household of 21", with(func(in *Input) { in.HouseholdSize = 21 }), Problems{{"household_size", ReasonOutOfRange}}},
		{"negative household", with(func(in *Input) { in.HouseholdSize = -3 }), Problems{{"household_size", ReasonOutOfRange}}},
		{"negative income", with(func(in *Input) { in.MonthlyIncome = -1 }), Problems{{"monthly_income", ReasonNegative}}},
		{"income past 10^11", with(func(in *Input) { in.MonthlyIncome = MaxMonthly + 1 }), Problems{{"monthly_income", ReasonTooLarge}}},
		{"negative property", with(func(in *Input) { in.Property = -1 }), Problems{{"property", ReasonNegative}}},
		{"property past 10^13", with(func(in *Input) { in.Property = MaxAsset + 1 }), Problems{{"property", ReasonTooLarge}}},
		{"negative debt", with(func(in *Input) { in.Debt = -5 }), Problems{{"debt", ReasonNegative}}},
		{"debt past 10^13", with(func(in *Input) { in.Debt = MaxAsset + 1 }), Problems{{"debt", ReasonTooLarge}}},
		{"negative car value", with(func(in *Input) { in.CarValue = -1 }), Problems{{"car_value", ReasonNegative}}},
		{"car value past 10^11", with(func(in *Input) { in.CarValue = MaxMonthly + 1 }), Problems{{"car_value", ReasonTooLarge}}},
		{"negative premium", with(func(in *Input) { in.HealthPremium = -1 }), Problems{{"health_insurance_premium", ReasonNegative}}},
		{"premium past 10^11", with(func(in *Input) { in.HealthPremium = MaxMonthly + 1 }), Problems{{"health_insurance_premium", ReasonTooLarge}}},
		{"negative age", with(func(in *Input) { in.Age = intp(-1) }), Problems{{"age", ReasonOutOfRange}}},
		{"age past 150", with(func(in *Input) { in.Age = intp(151) }), Problems{{"age", ReasonOutOfRange}}},
		{"unknown household type", with(func(in *Input) { in.Households = []catalogueHousehold{0} }), Problems{{"households", ReasonUnknown}}},
		{"every bad field at once", Input{HouseholdSize: 0, MonthlyIncome: -1, CarValue: -1, Age: intp(200)},
			Problems{{"household_size", ReasonOutOfRange}, {"monthly_income", ReasonNegative}, {"car_value", ReasonNegative}, {"age", ReasonOutOfRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := c.Calculate(tt.in, day(t, "2026-03-01"))
			if r != nil || errs.Code(err) != errs.Invalid || !slices.Equal(ProblemsOf(err), tt.want) {
				t.Fatalf("Calculate = %v, %v; want invalid %v", r, err, tt.want)
			}
		})
	}
}

// An error names fields and reason codes, never the figures typed in.
func TestErrorsCarryNoFigures(t *testing.T) {
	t.Parallel()
	_, err := embedded(t).Calculate(Input{HouseholdSize: 1, MonthlyIncome: -812_345, Property: MaxAsset + 98_765}, day(t, "2026-03-01"))
	var e *errs.Error
	if !errorsAs(err, &e) || e.Message != "invalid input: monthly_income: negative; property: too_large" || e.Reason != "invalid_input" {
		t.Fatalf("error %#v", err)
	}
}

func TestTheDayChoosesTheTable(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	tests := []struct {
		name, day string
		ok        bool
	}{
		{"first day of the year", "2026-01-01", true},
		{"last day of the year", "2026-12-31", true},
		{"the day before", "2025-12-31", false},
		{"the day after", "2027-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := c.Calculate(Input{HouseholdSize: 1}, day(t, tt.day))
			if tt.ok != (err == nil) {
				t.Fatalf("Calculate = %v, %v", r, err)
			}
			var e *errs.Error
			if !tt.ok && (!errorsAs(err, &e) || e.Code != errs.Invalid || e.Reason != "no_table_for_day") {
				t.Fatalf("error %#v", err)
			}
		})
	}
}

func TestTwoYears(t *testing.T) {
	t.Parallel()
	doc := baseYAML + `  - year: 2031
    from: "2031-01-01"
    until: "2031-12-31"
    source: synthetic
    median_income: {1: 2000000, 2: 3000000}
    beyond_table: refuse
    conversion: {simplified: true, property_monthly_percent: 1, car_monthly_percent: 10}
    benefits:
      - {id: half, name: 절반급여, percent_of_median: 50}
`
	c := loadYAML(t, doc)
	for _, tt := range []struct {
		day       string
		threshold int64
	}{{"2030-06-01", 500_000}, {"2031-06-01", 1_000_000}} {
		r, err := c.Calculate(Input{HouseholdSize: 1}, day(t, tt.day))
		if err != nil || r.Matches[0].Threshold != tt.threshold {
			t.Fatalf("%s: %+v, %v", tt.day, r, err)
		}
	}
	_, err := c.Calculate(Input{HouseholdSize: 3}, day(t, "2031-06-01"))
	if !slices.Equal(ProblemsOf(err), Problems{{"household_size", ReasonBeyond}}) {
		t.Fatalf("size past a refusing table: %v", err)
	}
}
