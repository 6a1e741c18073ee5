package stats

import (
	"fmt"
	"testing"

	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// benchCohort is the number of enrolled participants the benchmarks read.
const benchCohort = 200

// cohort enrols benchCohort walkers (each with an enrolment record and
// five health records: three step days, two measures) on a new database.
func cohort(b *testing.B) *vaulttest.Env {
	e := vaulttest.SQLite(b, vaulttest.Config{Policies: vaulttest.LatestFrom(b, "2026-01-01", service)})
	for i := range benchCohort {
		enrol(b, e, i, walker(fmt.Sprintf("19%02d-05-05", 40+i%50), []string{"F", "M"}[i%2], Districts[i%len(Districts)], 70, 68))
	}
	return e
}

// BenchmarkExtractAndBuild: the pseudonymised extraction and the report,
// per run over the whole cohort.
func BenchmarkExtractAndBuild(b *testing.B) {
	e := cohort(b)
	x := &Extractor{Gate: e.Vault, Service: service, Clock: e.Clock}
	for b.Loop() {
		ds, err := x.Extract(ctx, statistician)
		if err != nil || len(ds.Participants) != benchCohort {
			b.Fatalf("%v, %d rows", err, len(ds.Participants))
		}
		Build(ds)
	}
}

// BenchmarkBaselineGatedReads: the same gated reads (enrolment as the
// pseudonymiser, health items as the statistician), results discarded:
// what the extraction costs before any pseudonymising or aggregating.
func BenchmarkBaselineGatedReads(b *testing.B) {
	e := cohort(b)
	x := &Extractor{Gate: e.Vault, Service: service, Clock: e.Clock}
	sys := vault.Actor{Kind: vault.System, ID: pseudonymiser, Source: "127.0.0.1"}
	for b.Loop() {
		ids, err := e.Vault.Subjects(ctx, service, "", benchCohort+1)
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range ids {
			if _, err := e.Vault.List(ctx, x.request(sys, id, "enrolment", []string{"birth_date", "residence", "sex"})); err != nil {
				b.Fatal(err)
			}
			if _, err := e.Vault.List(ctx, x.request(statistician, id, "health-service", healthItems)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
