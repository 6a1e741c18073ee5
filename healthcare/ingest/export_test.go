package ingest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/healthcare/fhir"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// A participant's synced heart rate and steps, a self-report and a check-up
// export as one FHIR R4 Bundle: every Observation with a code the service
// takes passes the service's own check-up parser (the embedded FHIR
// profiles), claims the FHIR and KR Core profiles, and points to the
// Patient, which holds only the items chosen.
func TestExportFHIR(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		in := New(e.Vault, e.Clock)
		batch := []json.RawMessage{hr("h1", base, 60), hr("h2", base.Add(time.Minute), 70), hr("h3", base.Add(2*time.Hour), 80),
			steps("s1", base, 1000), steps("s2", base.Add(time.Hour), 2500)}
		if _, err := in.Sync(ctx, dev, "127.0.0.1", batch); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Report(ctx, self(dev.Subject), dev.Subject, decodeReport(t, fullReport)); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Checkup(ctx, self(dev.Subject), dev.Subject, checkup()); err != nil {
			t.Fatal(err)
		}
		d, err := e.Vault.Disclose(ctx, vault.Request{Actor: self(dev.Subject), Service: Service, Purpose: vault.PurposeRights, Subject: dev.Subject, Action: vault.Download})
		if err != nil {
			t.Fatal(err)
		}
		out, err := ExportFHIR(Patient{ID: dev.Subject, Name: "김가상", BirthDate: "1950-01-01", Sex: "F"}, d.Records, e.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		checkBundle(t, out, e.Clock.Now())
		bare, err := ExportFHIR(Patient{ID: dev.Subject}, d.Records, e.Clock.Now())
		if err != nil || strings.Contains(string(bare), "김가상") || strings.Contains(string(bare), "krcore-patient") {
			t.Fatalf("a Patient without chosen items: %v %.300s", err, bare)
		}
	})
}

type fhirBundle struct {
	ResourceType, Type string
	Entry              []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	}
}

type fhirResource struct {
	ResourceType string `json:"resourceType"`
	Meta         struct {
		Profile []string `json:"profile"`
	} `json:"meta"`
	Code struct {
		Coding []struct{ Code string } `json:"coding"`
	} `json:"code"`
	Subject struct {
		Reference string `json:"reference"`
	} `json:"subject"`
	ValueQuantity *struct {
		Value float64 `json:"value"`
		Code  string  `json:"code"`
	} `json:"valueQuantity"`
}

func checkBundle(t *testing.T, out []byte, now time.Time) {
	t.Helper()
	var b fhirBundle
	if err := json.Unmarshal(out, &b); err != nil || b.ResourceType != "Bundle" || b.Type != "collection" {
		t.Fatalf("bundle: %v %.200s", err, out)
	}
	codes, err := fhir.Codes()
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	for _, c := range codes {
		taken[c.Code] = true
	}
	seen := map[string][]float64{}
	var patientURL string
	for i, en := range b.Entry {
		var r fhirResource
		if err := json.Unmarshal(en.Resource, &r); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if r.ResourceType != "Patient" || !slices.Contains(r.Meta.Profile, krCoreBase+"krcore-patient") {
				t.Fatalf("first entry = %s", en.Resource)
			}
			patientURL = en.FullURL
			continue
		}
		code := r.Code.Coding[0].Code
		if r.Subject.Reference != patientURL {
			t.Fatalf("%s does not point to the Patient", code)
		}
		if r.ValueQuantity != nil {
			seen[code] = append(seen[code], r.ValueQuantity.Value)
		} else {
			seen[code] = append(seen[code], 0)
		}
		if !taken[code] {
			continue
		}
		if _, err := fhir.Parse(en.Resource, now); err != nil {
			t.Fatalf("Observation %s does not conform: %v\n%s", code, err, en.Resource)
		}
		if !slices.ContainsFunc(r.Meta.Profile, func(p string) bool { return strings.HasPrefix(p, krCoreBase) }) {
			t.Fatalf("Observation %s claims no KR Core profile: %v", code, r.Meta.Profile)
		}
	}
	if hr := seen["8867-4"]; !slices.Equal(hr, []float64{65, 80}) {
		t.Fatalf("hourly heart-rate means = %v, want [65 80]", hr)
	}
	if st := seen["41950-7"]; !slices.Equal(st, []float64{3500}) {
		t.Fatalf("daily steps = %v, want [3500]", st)
	}
	for _, code := range []string{"29463-7", "8302-2", "39156-5", "8280-0", "85354-9", "15074-8", "35217-9", "2085-9"} {
		if len(seen[code]) == 0 {
			t.Fatalf("no Observation %s in %v", code, seen)
		}
	}
}
