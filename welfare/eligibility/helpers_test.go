package eligibility

import (
	"errors"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// baseYAML is a small synthetic criteria file; tests change it by
// replacing text.
const baseYAML = `notice: 시험용 모의계산입니다.
years:
  - year: 2030
    from: "2030-01-01"
    until: "2030-12-31"
    source: synthetic
    median_income: {1: 1000000, 2: 1600000, 3: 2000000}
    beyond_table: add_last_step
    conversion: {simplified: true, property_monthly_percent: 1, car_monthly_percent: 10}
    benefits:
      - {id: half, name: 절반급여, percent_of_median: 50}
`

func loadYAML(t testing.TB, doc string) *Criteria {
	t.Helper()
	c, err := Load([]byte(doc))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func replaced(old, new string) string {
	if !strings.Contains(baseYAML, old) {
		panic("test replaces text that is not there: " + old)
	}
	return strings.Replace(baseYAML, old, new, 1)
}

func day(_ testing.TB, s string) civil.Date { return civil.MustParse(s) }

func embedded(t testing.TB) *Criteria {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func intp(n int) *int { return &n }

type catalogueHousehold = catalogue.Household

func errorsAs(err error, target **errs.Error) bool { return errors.As(err, target) }
