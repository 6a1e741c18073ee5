package ingest

import (
	"encoding/json"
	"fmt"
	"os"
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

// One bad Observation of a declared item refuses the check-up whole, naming
// it; a check-up with nothing the programme collects is refused, saying in
// Korean what it does not collect.
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
			{"weight in litres", with(obs("vital-signs", "29463-7", ucum(70, "L"))), "bad_unit", "observation 2"},
			{"glucose too high", with(obs("laboratory", "2339-0", ucum(5000, "mg/dL"))), "out_of_range", "observation 2"},
			{"no resource type", with(json.RawMessage(`{"status":"final"}`)), "unknown_schema", "observation 2"},
			{"only results not collected", []json.RawMessage{obs("vital-signs", "8310-5", ucum(36.5, "Cel")), obs("laboratory", "1234-5", ucum(1, "mg/dL"))}, "undeclared_item", "체온(LOINC 8310-5)"},
			{"only a report", []json.RawMessage{json.RawMessage(`{"resourceType":"DiagnosticReport","status":"final"}`)}, "not_an_observation", "검사 결과(Observation)가 아닌 자료 1건"},
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

// Results the policy declares no item for, codes the service does not know
// and resources that are no Observation are not stored, and the person is
// told which, in Korean; the declared results are stored.
func TestCheckupKeepsOnlyDeclaredItems(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		tempInPanel := strings.TrimSuffix(bpPanel, "]") + `,{"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"valueQuantity":{"value":36.6,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}]`
		batch := append(checkup(),
			obs("vital-signs", "8310-5", ucum(36.5, "Cel")),        // body temperature: undeclared
			obs("laboratory", "2093-3", ucum(190, "mg/dL")),        // total cholesterol: undeclared
			obs("laboratory", "1234-5", ucum(1, "mg/dL")),          // no code the service knows
			json.RawMessage(`{"resourceType":"DiagnosticReport"}`), // not an Observation
			obs("vital-signs", "85354-9", tempInPanel),             // a panel with an undeclared component
		)
		got, err := in.Checkup(ctx, self(dev.Subject), dev.Subject, batch)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"blood_glucose", "blood_pressure", "hdl", "triglycerides", "waist", "weight"}; !slices.Equal(got.Items, want) {
			t.Fatalf("items %v", got.Items)
		}
		var seen []string
		for _, nc := range got.NotCollected {
			seen = append(seen, fmt.Sprintf("%d %s %s %s", nc.Index, nc.Path, nc.Reason, nc.Code))
		}
		want := []string{"6 /code undeclared_item 8310-5", "7 /code undeclared_item 2093-3", "8 /code unknown_code ",
			"9 /resourceType not_an_observation ", "10 /component/2/code undeclared_item 8310-5"}
		if !slices.Equal(seen, want) {
			t.Fatalf("not collected %q", seen)
		}
		for _, part := range []string{"체온(LOINC 8310-5), 총콜레스테롤(LOINC 2093-3)", "다루지 않는 검사 항목 1건", "아닌 자료 1건"} {
			if !strings.Contains(got.Notice, part) {
				t.Errorf("notice %q lacks %q", got.Notice, part)
			}
		}
		rec, err := e.Vault.Get(ctx, vault.Request{Actor: operator, Service: Service, Purpose: Purpose, Subject: dev.Subject,
			Items: got.Items, Action: vault.View}, got.Record)
		if err != nil {
			t.Fatal(err)
		}
		for item, v := range rec.Values {
			if strings.Contains(v, "8310-5") || strings.Contains(v, "2093-3") || strings.Contains(v, "36.") {
				t.Errorf("%s holds a result not collected: %s", item, v)
			}
		}
	})
}

// The official HL7 lipid Bundle: its DiagnosticReport is skipped and dates
// its Observations (they carry no effective[x]); triglycerides and HDL are
// stored, total and LDL cholesterol are not.
func TestCheckupHL7LipidBundle(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		body, err := os.ReadFile("../fhir/testdata/hl7/Bundle-lipids.json")
		if err != nil {
			t.Fatal(err)
		}
		list, err := observationsOf(body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := in.Checkup(ctx, self(dev.Subject), dev.Subject, list)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Items, []string{"hdl", "triglycerides"}) || len(got.NotCollected) != 3 ||
			!strings.Contains(got.Notice, "총콜레스테롤(LOINC 35200-5), LDL 콜레스테롤(계산)(LOINC 13457-7)") {
			t.Fatalf("stored %+v", got)
		}
	})
}
