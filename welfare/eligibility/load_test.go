package eligibility

import (
	"strings"
	"testing"

	"jikimi/errs"
)

func TestEmbeddedCriteria(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	y, err := c.For(day(t, "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{2_564_238, 4_199_292, 5_359_036, 6_494_738}
	for i, m := range want {
		if y.Median[i] != m {
			t.Fatalf("median %v, want %v", y.Median, want)
		}
	}
	if y.Conversion != (Conversion{PropertyBP: 417, CarBP: 10_000}) || len(y.Benefits) != 4 || y.Beyond != BeyondAddLastStep {
		t.Fatalf("year %+v", y)
	}
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	secondYear := baseYAML + "  - year: 2030\n    from: \"2030-12-31\"\n    until: \"2031-01-30\"\n" +
		"    median_income: {1: 1, 2: 2}\n    beyond_table: refuse\n" +
		"    conversion: {simplified: true, property_monthly_percent: 1, car_monthly_percent: 1}\n" +
		"    benefits: [{id: x, name: x, percent_of_median: 1}]\n"
	tests := []struct {
		name, doc, want string
	}{
		{"not YAML", "years: [", "not valid YAML"},
		{"an unknown key", replaced("source:", "sauce:"), "not valid YAML"},
		{"an unknown benefit key", replaced("name: 절반급여", "name: 절반급여, note: x"), "not valid YAML"},
		{"a duplicate median size", replaced("{1: 1000000,", "{1: 1000000, 1: 900000,"), "not valid YAML"},
		{"no notice", replaced("notice: 시험용 모의계산입니다.", "notice: \"\""), "need a notice"},
		{"no years", "notice: x\nyears: []\n", "at least one year"},
		{"a bad from", replaced(`from: "2030-01-01"`, `from: "2030-01-32"`), "from: not a date"},
		{"a missing until", replaced(`until: "2030-12-31"`, `until: ""`), "until: not a date"},
		{"until before from", replaced(`until: "2030-12-31"`, `until: "2029-12-31"`), "end after it starts"},
		{"from in another year", replaced("year: 2030", "year: 2029"), "start in its year"},
		{"a gap in the sizes", replaced("2: 1600000, 3:", "2: 1600000, 4:"), "without gaps"},
		{"a size zero", replaced("{1: 1000000,", "{0: 900000, 1: 1000000,"), "without gaps"},
		{"an empty median table", replaced("{1: 1000000, 2: 1600000, 3: 2000000}", "{}"), "empty"},
		{"a shrinking median", replaced("3: 2000000", "3: 1500000"), "grow with the household"},
		{"a zero median", replaced("{1: 1000000,", "{1: 0,"), "grow with the household"},
		{"an absurd median", replaced("3: 2000000", "3: 20000000000"), "at most"},
		{"an unknown beyond rule", replaced("beyond_table: add_last_step", "beyond_table: guess"), "beyond_table: must be"},
		{"no beyond rule", replaced("    beyond_table: add_last_step\n", ""), "beyond_table: must be"},
		{"extrapolating one size", replaced("{1: 1000000, 2: 1600000, 3: 2000000}", "{1: 1000000}"), "at least two sizes"},
		{"a conversion not marked simplified", replaced("simplified: true", "simplified: false"), "marked simplified"},
		{"three decimals", replaced("property_monthly_percent: 1,", "property_monthly_percent: 4.175,"), "two decimals"},
		{"a negative rate", replaced("car_monthly_percent: 10", "car_monthly_percent: -1"), "0 to 100"},
		{"a rate past 100", replaced("car_monthly_percent: 10", "car_monthly_percent: 101"), "0 to 100"},
		{"a not-a-number rate", replaced("car_monthly_percent: 10", "car_monthly_percent: .nan"), "0 to 100"},
		{"no benefits", replaced("    benefits:\n      - {id: half, name: 절반급여, percent_of_median: 50}\n", "    benefits: []\n"), "benefits: none"},
		{"a zero percent", replaced("percent_of_median: 50", "percent_of_median: 0"), "above 0"},
		{"a percent past 100", replaced("percent_of_median: 50", "percent_of_median: 100.5"), "above 0"},
		{"a bad id", replaced("id: half", "id: Half"), "lower-case"},
		{"no name", replaced("name: 절반급여", `name: ""`), "no name"},
		{"a duplicate id", replaced("      - {id: half", "      - {id: half, name: a, percent_of_median: 1}\n      - {id: half"), "duplicate id"},
		{"min age above max age", replaced("percent_of_median: 50}", "percent_of_median: 50, when: {min_age: 30, max_age: 20}}"), "min_age is above"},
		{"an age past 150", replaced("percent_of_median: 50}", "percent_of_median: 50, when: {min_age: 200}}"), "ages must be"},
		{"an unknown household code", replaced("percent_of_median: 50}", `percent_of_median: 50, when: {households_any: ["070"]}}`), "unknown household"},
		{"a negative premium", replaced("percent_of_median: 50}", "percent_of_median: 50, when: {max_health_insurance_premium: -1}}"), "negative"},
		{"overlapping years", secondYear, "overlap"},
		{"a huge file", baseYAML + "# " + strings.Repeat("x", maxFileSize), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load([]byte(tt.doc))
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want invalid with %q", err, tt.want)
			}
		})
	}
}

func TestLoadAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc string }{
		{"the base", baseYAML},
		{"a refusing table of one size", replaced("{1: 1000000, 2: 1600000, 3: 2000000}\n    beyond_table: add_last_step",
			"{1: 1000000}\n    beyond_table: refuse")},
		{"a zero conversion rate", replaced("car_monthly_percent: 10", "car_monthly_percent: 0")},
		{"two decimals", replaced("percent_of_median: 50", "percent_of_median: 42.25")},
		{"unquoted dates", replaced(`from: "2030-01-01"`, `from: 2030-01-01`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loadYAML(t, tt.doc)
		})
	}
}

func TestPercentAndWon(t *testing.T) {
	t.Parallel()
	for bp, want := range map[int64]string{3200: "32", 417: "4.17", 4250: "42.5", 10000: "100", 5: "0.05"} {
		if got := percent(bp); got != want {
			t.Errorf("percent(%d) = %q, want %q", bp, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0원", 999: "999원", 1000: "1,000원", 820556: "820,556원", 1234567890: "1,234,567,890원"} {
		if got := Won(n); got != want {
			t.Errorf("Won(%d) = %q, want %q", n, got, want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(shipped)
	f.Add([]byte(baseYAML))
	f.Add([]byte(conditionsYAML))
	f.Add([]byte("years: [{median_income: {1: 1}}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(data)
		if err != nil {
			if errs.Code(err) != errs.Invalid {
				t.Fatalf("error code %q: %v", errs.Code(err), err)
			}
			return
		}
		for _, y := range c.Years {
			got, err := c.For(y.From)
			if err != nil || got.Year != y.Year {
				t.Fatalf("For(%s) = %v, %v", y.From, got, err)
			}
			if _, err := c.Calculate(Input{HouseholdSize: MaxHouseholdSize, MonthlyIncome: MaxMonthly, Property: MaxAsset,
				CarValue: MaxMonthly}, y.Until); err != nil && len(ProblemsOf(err)) == 0 {
				t.Fatalf("Calculate: %v", err)
			}
		}
	})
}
