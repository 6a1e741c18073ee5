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

// obs is a synthetic final check-up Observation.
func obs(category, loinc, valueQuantity string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"resourceType":"Observation","id":"synthetic-obs","status":"final",
"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":%q}]}],
"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"subject":{"reference":"Patient/synthetic-1"},
"effectiveDateTime":"2026-03-02T09:00:00+09:00"%s}`, category, loinc, valueQuantity))
}

func ucum(v float64, code string) string {
	return fmt.Sprintf(`,"valueQuantity":{"value":%g,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}`, v, code, code)
}

const bpPanel = `,"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":118,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},` +
	`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":76,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]`

func checkup() []json.RawMessage {
	return []json.RawMessage{
		obs("vital-signs", "29463-7", ucum(154.32, "[lb_av]")), // body weight in pounds
		obs("vital-signs", "85354-9", bpPanel),
		obs("laboratory", "2339-0", ucum(90, "mg/dL")),   // glucose
		obs("laboratory", "2085-9", ucum(50, "mg/dL")),   // HDL
		obs("laboratory", "2571-8", ucum(150, "mg/dL")),  // triglycerides
		obs("vital-signs", "8280-0", ucum(33, "[in_i]")), // waist
	}
}

func TestCheckupStoresObservationsInCanonicalUnits(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		got, err := in.Checkup(ctx, self(dev.Subject), dev.Subject, checkup())
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"blood_glucose", "blood_pressure", "hdl", "triglycerides", "waist", "weight"}
		if !slices.Equal(got.Items, want) {
			t.Fatalf("items %v", got.Items)
		}
		rec, err := e.Vault.Get(ctx, vault.Request{Actor: operator, Service: Service, Purpose: Purpose, Subject: dev.Subject,
			Items: want, Action: vault.View}, got.Record)
		if err != nil {
			t.Fatal(err)
		}
		for item, value := range map[string]float64{"weight": 69.998, "blood_glucose": 4.996, "hdl": 1.293, "triglycerides": 1.694, "waist": 83.82} {
			var en struct{ Value []result }
			if err := json.Unmarshal([]byte(rec.Values[item]), &en); err != nil || len(en.Value) != 1 || en.Value[0].Value != value {
				t.Errorf("%s = %s, want %g", item, rec.Values[item], value)
			}
		}
		var bp struct{ Value []result }
		json.Unmarshal([]byte(rec.Values["blood_pressure"]), &bp)
		if len(bp.Value) != 2 || bp.Value[0].Value != 118 || bp.Value[1].Value != 76 {
			t.Errorf("blood pressure %s", rec.Values["blood_pressure"])
		}
	})
}

// One bad Observation refuses the check-up whole, naming it.
func TestCheckupRefusals(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		with := func(o json.RawMessage) []json.RawMessage { return append(checkup()[:2], o) }
		cases := []struct {
			name   string
			batch  []json.RawMessage
			reason string
			path   string
		}{
			{"unknown code", with(obs("laboratory", "1234-5", ucum(1, "mg/dL"))), "unknown_code", "observation 2: fhir: unknown_code at /code"},
			{"weight in litres", with(obs("vital-signs", "29463-7", ucum(70, "L"))), "bad_unit", "observation 2"},
			{"glucose too high", with(obs("laboratory", "2339-0", ucum(5000, "mg/dL"))), "out_of_range", "observation 2"},
			{"not an observation", with(json.RawMessage(`{"resourceType":"Patient"}`)), "unknown_schema", "observation 2"},
			{"none", nil, "bad_batch", ""},
		}
		for _, c := range cases {
			_, err := in.Checkup(ctx, self(dev.Subject), dev.Subject, c.batch)
			var got *errs.Error
			if !errorsAs(err, &got) || got.Code != errs.Invalid || got.Reason != c.reason || !strings.Contains(got.Message, c.path) {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		if records(t, e, dev.Subject) != 0 {
			t.Fatal("a refused check-up stored records")
		}
	})
}
