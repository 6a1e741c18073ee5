package eligibility

import (
	"slices"
	"testing"

	"jikimi/welfare/catalogue"
)

// conditionsYAML adds synthetic benefits with each kind of condition.
var conditionsYAML = replaced("      - {id: half, name: 절반급여, percent_of_median: 50}\n", `      - {id: senior, name: 노인시험급여, percent_of_median: 50, when: {min_age: 65}}
      - {id: young, name: 청년시험급여, percent_of_median: 50, when: {min_age: 19, max_age: 34}}
      - {id: child, name: 아동시험급여, percent_of_median: 50, when: {max_age: 17}}
      - {id: disabled, name: 장애시험급여, percent_of_median: 50, when: {households_any: ["040", "030"]}}
      - {id: premium, name: 보험료시험급여, percent_of_median: 50, when: {max_health_insurance_premium: 100000}}
`)

func TestConditions(t *testing.T) {
	t.Parallel()
	c := loadYAML(t, conditionsYAML)
	tests := []struct {
		name    string
		in      Input
		want    []string
		reasons []string
	}{
		{"no optional input: only the premium rule", Input{HouseholdSize: 1}, []string{"premium"},
			[]string{"소득인정액 0원 ≤ 보험료시험급여 기준 500,000원 (1인 가구 기준중위소득의 50%); 건강보험료 0원 ≤ 100,000원"}},
		{"a senior", Input{HouseholdSize: 1, Age: intp(70), HealthPremium: 100_001}, []string{"senior"},
			[]string{"소득인정액 0원 ≤ 노인시험급여 기준 500,000원 (1인 가구 기준중위소득의 50%); 만 70세 (만 65세 이상)"}},
		{"a young adult on the upper bound", Input{HouseholdSize: 1, Age: intp(34), HealthPremium: 200_000}, []string{"young"},
			[]string{"소득인정액 0원 ≤ 청년시험급여 기준 500,000원 (1인 가구 기준중위소득의 50%); 만 34세 (만 19–34세)"}},
		{"a child", Input{HouseholdSize: 2, Age: intp(17), HealthPremium: 200_000}, []string{"child"},
			[]string{"소득인정액 0원 ≤ 아동시험급여 기준 800,000원 (2인 가구 기준중위소득의 50%); 만 17세 (만 17세 이하)"}},
		{"a disabled household", Input{HouseholdSize: 1, HealthPremium: 200_000,
			Households: []catalogue.Household{catalogue.HouseholdLowIncome, catalogue.HouseholdDisabled}}, []string{"disabled"},
			[]string{"소득인정액 0원 ≤ 장애시험급여 기준 500,000원 (1인 가구 기준중위소득의 50%); 가구유형 장애인(040)"}},
		{"another household type", Input{HouseholdSize: 1, HealthPremium: 200_000,
			Households: []catalogue.Household{catalogue.HouseholdLowIncome}}, []string{}, nil},
		{"conditions do not lift the income line", Input{HouseholdSize: 1, MonthlyIncome: 500_001, Age: intp(70)}, []string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := c.Calculate(tt.in, day(t, "2030-05-05"))
			if err != nil {
				t.Fatal(err)
			}
			var ids, reasons []string
			ids = []string{}
			for _, m := range r.Matches {
				ids = append(ids, m.Benefit)
				reasons = append(reasons, m.Reason)
			}
			if !slices.Equal(ids, tt.want) || !slices.Equal(reasons, tt.reasons) {
				t.Fatalf("matched %v %q, want %v %q", ids, reasons, tt.want, tt.reasons)
			}
		})
	}
}
