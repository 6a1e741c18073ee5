package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// fullReport has every field of a self-report.
const fullReport = `{"on":"2026-03-02","height":{"value":170.5,"unit":"cm"},"weight":{"value":154.32,"unit":"[lb_av]"},
"waist":{"value":33,"unit":"[in_i]"},"bmi":23.9,"blood_pressure":{"systolic":121,"diastolic":79},
"blood_glucose":{"value":90,"unit":"mg/dL"},"body_composition":{"fat_percent":22.5,"muscle_mass":{"value":28.4,"unit":"kg"}},
"triglycerides":{"value":1.2,"unit":"mmol/L"},"hdl":{"value":50,"unit":"mg/dL"},"smoking":"former","quit_plan":"none",
"drinking":true,"drinking_amount":2,"drinking_frequency":"2_4_per_month","childbirth":1,"metabolic_syndrome":false,
"diet":[{"meal":"lunch","kcal":650,"note":"비빔밥"}],"water_intake_ml":1500,
"menstruation":{"start":"2026-02-20","end":"2026-02-24","flow":"medium"},"home_training":{"program":"스트레칭","minutes":20},
"mental_care":{"program":"명상","minutes":10},"occupation":"사무직","household_type":"single","organisation":"가상 주식회사"}`

var allReportItems = []string{"blood_glucose", "blood_pressure", "bmi", "body_composition", "childbirth", "diet", "drinking",
	"drinking_amount", "drinking_frequency", "hdl", "height", "home_training", "household_type", "menstruation", "mental_care",
	"metabolic_syndrome", "occupation", "organisation", "quit_plan", "smoking", "triglycerides", "waist", "water_intake", "weight"}

func self(subject string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
}

func decodeReport(t *testing.T, s string) *SelfReport {
	t.Helper()
	var r SelfReport
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// Every item of the questionnaire is a declared item of health-service,
// stored in canonical units.
func TestReportStoresEveryItem(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		got, err := in.Report(ctx, self(dev.Subject), dev.Subject, decodeReport(t, fullReport))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Items, allReportItems) {
			t.Fatalf("items %v", got.Items)
		}
		p, _ := e.Policies.Current(Service, e.Clock.Now())
		var declared []string
		for _, it := range p.Purpose(Purpose).Items {
			declared = append(declared, it.ID)
		}
		for _, it := range got.Items {
			if !slices.Contains(declared, it) {
				t.Errorf("item %q is not declared for %s", it, Purpose)
			}
		}
		rec, err := e.Vault.Get(ctx, vault.Request{Actor: operator, Service: Service, Purpose: Purpose, Subject: dev.Subject,
			Items: []string{"weight", "blood_glucose", "waist"}, Action: vault.View}, got.Record)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"weight":        `{"on":"2026-03-02","source":"self","value":{"value":69.998,"unit":"kg"}}`,
			"blood_glucose": `{"on":"2026-03-02","source":"self","value":{"value":4.996,"unit":"mmol/L"}}`,
			"waist":         `{"on":"2026-03-02","source":"self","value":{"value":83.82,"unit":"cm"}}`,
		}
		for k, v := range want {
			if rec.Values[k] != v {
				t.Errorf("%s = %s, want %s", k, rec.Values[k], v)
			}
		}
	})
}

// Every refused report says why and where, and stores nothing.
func TestReportRefusals(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		bare := newSubject(t, e)
		in := New(e.Vault, e.Clock)
		cases := []struct {
			name, body, subject, code, reason, path string
		}{
			{"empty", `{}`, dev.Subject, errs.Invalid, ReasonEmptyReport, ""},
			{"weight in a length", `{"weight":{"value":70,"unit":"cm"}}`, dev.Subject, errs.Invalid, "bad_unit", "/weight/unit"},
			{"weight too high", `{"height":{"value":170,"unit":"cm"},"weight":{"value":900,"unit":"kg"}}`, dev.Subject, errs.Invalid, "out_of_range", "/weight/value"},
			{"diastolic over systolic", `{"blood_pressure":{"systolic":80,"diastolic":90}}`, dev.Subject, errs.Invalid, "out_of_range", "/blood_pressure/diastolic"},
			{"unknown smoking", `{"smoking":"sometimes"}`, dev.Subject, errs.Invalid, ReasonBadValue, "/smoking"},
			{"future day", `{"on":"2026-03-04","bmi":22}`, dev.Subject, errs.Invalid, "future_timestamp", "/on"},
			{"year 1", `{"on":"0001-01-01","bmi":22}`, dev.Subject, errs.Invalid, "past_timestamp", "/on"},
			{"bad meal", `{"diet":[{"meal":"brunch","kcal":1}]}`, dev.Subject, errs.Invalid, ReasonBadValue, "/diet/0/meal"},
			{"period ends first", `{"menstruation":{"start":"2026-02-20","end":"2026-02-19"}}`, dev.Subject, errs.Invalid, ReasonBadValue, "/menstruation/end"},
			{"long text", fmt.Sprintf(`{"occupation":%q}`, strings.Repeat("가", 101)), dev.Subject, errs.Invalid, ReasonBadValue, "/occupation"},
			{"water", `{"water_intake_ml":-1}`, dev.Subject, errs.Invalid, "out_of_range", "/water_intake_ml"},
			{"no consent", `{"bmi":22}`, bare, errs.Forbidden, "consent_missing", ""},
			{"someone else's", `{"bmi":22}`, bare, errs.Forbidden, "not_owner", ""},
		}
		for _, c := range cases {
			actor := self(c.subject)
			if c.name == "someone else's" {
				actor = self(dev.Subject)
			}
			_, err := in.Report(ctx, actor, c.subject, decodeReport(t, c.body))
			wantRefusal(t, c.name, err, c.code, c.reason, c.path)
		}
		if records(t, e, dev.Subject)+records(t, e, bare) != 0 {
			t.Fatal("a refused report stored records")
		}
	})
}

func wantRefusal(t *testing.T, name string, err error, code, reason, path string) {
	t.Helper()
	var e *errs.Error
	if !errorsAs(err, &e) || e.Code != code || e.Reason != reason || !strings.HasSuffix(e.Message, path) {
		t.Fatalf("%s: %v (reason %v), want %s/%s at %s", name, err, e, code, reason, path)
	}
}
