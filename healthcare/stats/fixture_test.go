package stats

import (
	"context"
	"fmt"
	"testing"

	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const service = "seoul-healthcare"

var statistician = vault.Actor{Kind: vault.Staff, ID: "stf_statistician", Role: RoleStatistician, Source: "127.0.0.1"}

// person is a synthetic participant: enrolment values and health records.
type person struct {
	birth, sex, residence string
	health                bool // consented to the health-service purpose
	records               []map[string]string
}

// enrol registers p through the gate and returns the subject ID.
func enrol(t testing.TB, e *vaulttest.Env, i int, p person) string {
	t.Helper()
	scopes := []string{"purpose:enrolment"}
	if p.health {
		scopes = append(scopes, "purpose:health-service", "sensitive:health-service")
	}
	self := e.Subject(t, service, scopes...)
	id := self.ID
	put := func(purpose, rule string, v map[string]string) {
		t.Helper()
		r := vault.Request{Actor: self, Service: service, Purpose: purpose, Subject: id, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, r, rule, v); err != nil {
			t.Fatal(err)
		}
	}
	put("enrolment", "enrolment", map[string]string{
		"name": fmt.Sprintf("가상참여자%02d", i), "mobile": fmt.Sprintf("010-0000-%04d", i),
		"birth_date": p.birth, "sex": p.sex, "residence": p.residence,
	})
	for _, rec := range p.records {
		put("health-service", "service", rec)
	}
	return id
}

// walker is a participant with steps over two weeks and weight and blood
// pressure at enrolment and twelve weeks later.
func walker(birth, sex, residence string, before, after float64) person {
	return person{birth: birth, sex: sex, residence: residence, health: true, records: []map[string]string{
		{"steps": `{"day":"2026-02-23","steps":7000}`},
		{"steps": `{"day":"2026-02-24","steps":9000}`},
		{"steps": `{"day":"2026-03-02","steps":8500}`},
		{"weight": fmt.Sprintf(`{"day":"2025-12-01","value":%.1f}`, before), "blood_pressure": `{"day":"2025-12-01","systolic":135,"diastolic":88}`},
		{"weight": fmt.Sprintf(`{"day":"2026-02-23","value":%.1f}`, after), "blood_pressure": `{"day":"2026-02-23","systolic":128,"diastolic":84}`},
	}}
}

// statsConfig runs a test at the epoch under 손목닥터 9988's newest version,
// which declares the pseudonymised processing and its roles.
func statsConfig(t testing.TB) vaulttest.Config {
	return vaulttest.Config{Policies: vaulttest.LatestFrom(t, "2026-01-01", service)}
}

// pseudonymOf is the subject's pseudonym, as the gate gives the statistician.
func pseudonymOf(t testing.TB, e *vaulttest.Env, subject string) string {
	t.Helper()
	ps, err := e.Vault.Pseudonymiser(ctx, vault.Request{Actor: statistician, Service: service})
	if err != nil {
		t.Fatal(err)
	}
	return ps.Pseudonym(subject)
}
