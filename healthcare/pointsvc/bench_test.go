package pointsvc

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The daily run of issue 5's speed target: 2,000,000 generated participants
// within 10 minutes. Creating 2,000,000 subjects through the gate would take
// hours of set-up, so the benchmark enrols a cohort of benchCohort real
// subjects (enrolment with a birth date, a day summary with steps, the
// consents) and maps generated participant i onto cohort subject i mod
// benchCohort: every participant's steps and every birth date the rules need
// are real gated, logged reads; every accrual is a real ledger row under
// the participant's own ID.
//
// JIKIMI_BENCH_PARTICIPANTS overrides the 2,000,000 (to try it small);
// JIKIMI_BENCH_COHORT the 2,000 real subjects (as many as participants:
// every participant a distinct person, as the run meets them, with the
// gate's caches missing as they would); JIKIMI_BENCH_DB=postgres runs it
// on PostgreSQL.
const benchCohort = 2_000

func benchCohortSize() int {
	if v, err := strconv.Atoi(os.Getenv("JIKIMI_BENCH_COHORT")); err == nil && v > 0 {
		return v
	}
	return benchCohort
}

func benchParticipants(b *testing.B) int {
	if v, err := strconv.Atoi(os.Getenv("JIKIMI_BENCH_PARTICIPANTS")); err == nil && v > 0 {
		return v
	}
	return 2_000_000
}

func benchOpen(b *testing.B) *vaulttest.Env {
	if os.Getenv("JIKIMI_BENCH_DB") == "postgres" {
		return vaulttest.Postgres(b, vaulttest.Config{})
	}
	return vaulttest.SQLite(b, vaulttest.Config{})
}

// BenchmarkDailyRun is the daily run over the generated participants; one
// op is one whole day's run.
func BenchmarkDailyRun(b *testing.B) {
	e := benchOpen(b)
	n := benchParticipants(b)
	cohort := enrolCohort(b, e)
	r, err := points.Load(points.Example)
	if err != nil {
		b.Fatal(err)
	}
	workers, _ := strconv.Atoi(os.Getenv("JIKIMI_BENCH_WORKERS"))
	svc := New(Config{SQL: e.SQL(), Vault: e.Vault, Clock: e.Clock, Rules: r, Workers: workers,
		Steps: mapped{Summaries{Vault: e.Vault, Workers: workers}, cohort, n}, Ages: mappedAges{GateAges{e.Vault}, cohort}})
	ctx := context.Background()
	var rep DayReport
	d := 0
	before := e.Vault.CacheStats()
	for b.Loop() {
		if rep, err = svc.RunDay(ctx, benchDay(d)); err != nil {
			b.Fatal(err)
		}
		d++
	}
	perDay := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perDay, "s/day")
	b.ReportMetric(float64(n)/perDay, "participants/s")
	b.ReportMetric(float64(rep.Accrued), "accruals/day")
	b.ReportMetric(float64(rep.AgesRead), "ages-read/day")
	after := e.Vault.CacheStats()
	b.ReportMetric(float64(after.FactMisses-before.FactMisses)/float64(b.N), "fact-misses/day")
	b.ReportMetric(float64(after.KeyMisses-before.KeyMisses)/float64(b.N), "key-misses/day")
}

// BenchmarkBaselineLedgerInsert is the same-run baseline: the rows a day's
// run writes (one per participant who earned, about half), inserted with
// the same multi-row statements into a plain table of the same shape and
// indexes, with no gate, no reads, no computation.
func BenchmarkBaselineLedgerInsert(b *testing.B) {
	e := benchOpen(b)
	n := benchParticipants(b)
	ctx := context.Background()
	err := e.SQL().InTx(ctx, func(tx store.Querier) error {
		for _, q := range []string{
			`CREATE TABLE bench_entries (subject TEXT NOT NULL, entry_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, day TEXT NOT NULL,
				rule TEXT NOT NULL, earned BIGINT NOT NULL, points BIGINT NOT NULL, created_at BIGINT NOT NULL)`,
			`CREATE INDEX bench_entries_subject ON bench_entries (subject)`,
			`CREATE INDEX bench_entries_day ON bench_entries (day, kind)`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 2024))
	d := 0
	for b.Loop() {
		day := benchDay(d).String()
		for start := 0; start < n; start += 1000 {
			var rows [][]any
			for i := start; i < min(start+1000, n); i++ {
				if rng.IntN(2) == 0 {
					sub := fmt.Sprintf("p%07d", i)
					rows = append(rows, []any{sub, "daily/" + sub + "/" + day, "daily", day, "steps", 200, 200, int64(i)})
				}
			}
			err := e.SQL().InTx(ctx, func(tx store.Querier) error {
				return insertRows(ctx, tx, `INSERT INTO bench_entries (subject, entry_key, kind, day, rule, earned, points, created_at) VALUES `, rows, "")
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		d++
	}
	perDay := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perDay, "s/day")
	b.ReportMetric(float64(n)/perDay, "participants/s")
}

func benchDay(i int) measure.Date { return measure.Date{Year: 2026, Month: 3, Day: 2}.AddDays(i) }

// enrolCohort enrols benchCohortSize subjects born 1935–2005, each with a
// day summary of 0–15,999 steps on every benchmark day, 16 at a time.
func enrolCohort(b *testing.B, e *vaulttest.Env) []string {
	out := make([]string, benchCohortSize())
	err := parallel(len(out), 16, func(i int) error {
		id, err := enrolOne(e, i)
		out[i] = id
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// enrolOne enrols cohort subject i, its birth date and steps drawn from i.
func enrolOne(e *vaulttest.Env, i int) (string, error) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, uint64(i)))
	sys := vault.Actor{Kind: vault.System, ID: "bench", Source: "127.0.0.1"}
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: sys, Service: ServiceName})
	if err != nil {
		return "", err
	}
	for _, sc := range []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"} {
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self(id), Service: ServiceName, Subject: id}, vault.Consent{Scope: sc, Channel: vault.ChannelWeb, Text: "벤치마크 " + sc}); err != nil {
			return "", err
		}
	}
	born := fmt.Sprintf("%04d-%02d-%02d", 1935+rng.IntN(71), 1+rng.IntN(12), 1+rng.IntN(28))
	req := vault.Request{Actor: sys, Service: ServiceName, Purpose: "enrolment", Subject: id, Action: vault.Input}
	if _, err := e.Vault.Put(ctx, req, "enrolment", map[string]string{"birth_date": born, "sex": "F"}); err != nil {
		return "", err
	}
	steps := strconv.Itoa(rng.IntN(16_000))
	var merges []vault.Merge
	for d := range 10 {
		merges = append(merges, vault.Merge{Key: dayKey(benchDay(d)), Apply: func(map[string]string) (map[string]string, error) {
			return map[string]string{measure.Steps.Item(): steps}, nil
		}})
	}
	req = vault.Request{Actor: sys, Service: ServiceName, Purpose: "health-service", Subject: id, Items: []string{measure.Steps.Item()}, Action: vault.Input}
	return id, e.Vault.MergeMany(ctx, req, "service", merges)
}

// mapped is the StepSource of generated participant i: the summary of
// cohort subject i mod len(cohort), read through the gate.
type mapped struct {
	sum    Summaries
	cohort []string
	n      int
}

func (m mapped) DaySteps(ctx context.Context, day measure.Date, after string, limit int) ([]DaySteps, string, error) {
	from := 0
	if after != "" {
		i, err := strconv.Atoi(after[1:])
		if err != nil {
			return nil, "", err
		}
		from = i + 1
	}
	to := min(from+limit, m.n)
	page := make([]DaySteps, to-from)
	err := parallel(len(page), m.sum.Workers, func(k int) error {
		i := from + k
		steps, _, err := m.sum.steps(ctx, m.cohort[i%len(m.cohort)], day)
		page[k] = DaySteps{participantID(i), steps}
		return err
	})
	next := ""
	if to < m.n {
		next = participantID(to - 1)
	}
	return page, next, err
}

func participantID(i int) string { return fmt.Sprintf("p%07d", i) }

// mappedAges reads generated participant i's birth date from cohort
// subject i mod len(cohort), through the gate.
type mappedAges struct {
	gate   GateAges
	cohort []string
}

func (m mappedAges) BirthDate(ctx context.Context, subject string) (measure.Date, bool, error) {
	i, err := strconv.Atoi(subject[1:])
	if err != nil {
		return measure.Date{}, false, err
	}
	return m.gate.BirthDate(ctx, m.cohort[i%len(m.cohort)])
}
