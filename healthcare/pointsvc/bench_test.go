package pointsvc

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/store"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The daily run of issue 5's speed target: 2,000,000 participants within
// 10 minutes. The participants are real gated subjects, set up through the
// gate's import (vault.Import: registration, the consents, an enrolment
// record with the birth date and a keyed day summary with the steps, each
// decided and logged), 1,000 a transaction.
//
// JIKIMI_BENCH_PARTICIPANTS overrides the 2,000,000 (to try it small).
// JIKIMI_BENCH_COHORT=N sets up only N subjects (default: as many as
// participants, every participant a distinct person, with the gate's caches
// missing as they would) and maps generated participant i onto subject
// i mod N: every read is still a real gated, logged read, every accrual a
// ledger row under the participant's own ID. JIKIMI_BENCH_DAYS is how many
// days of summaries each subject gets (default 1: one op, -benchtime 1x).
// JIKIMI_BENCH_DB=postgres runs it on PostgreSQL. JIKIMI_BENCH_SETUP=DIR
// keeps the SQLite set-up in DIR, and a later run with the same DIR uses
// it instead of setting up again (JIKIMI_BENCH_FIRSTDAY=D then runs day D,
// which the set-up must have summaries for: JIKIMI_BENCH_DAYS);
// JIKIMI_BENCH_SETUPONLY=1 only sets up.

func benchEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func benchParticipants(b *testing.B) int { return benchEnv("JIKIMI_BENCH_PARTICIPANTS", 2_000_000) }

func benchOpen(b *testing.B) *vaulttest.Env {
	if os.Getenv("JIKIMI_BENCH_DB") == "postgres" {
		return vaulttest.Postgres(b, vaulttest.Config{})
	}
	return vaulttest.SQLite(b, vaulttest.Config{})
}

// benchKept opens the set-up kept in JIKIMI_BENCH_SETUP (SQLite), placing a
// new database there when there is none; nil when it is not set.
func benchKept(b *testing.B) *vaulttest.Env {
	dir := os.Getenv("JIKIMI_BENCH_SETUP")
	if dir == "" || os.Getenv("JIKIMI_BENCH_DB") == "postgres" {
		return nil
	}
	path := filepath.Join(dir, "j.db")
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
		sqlitetest.Place(b, path)
	}
	return vaulttest.Attach(b, path, "", filepath.Join(dir, "keyring.json"), vaulttest.Config{})
}

// keptSubjects are the subjects a kept set-up holds already.
func keptSubjects(b *testing.B, e *vaulttest.Env) []string {
	var out []string
	for after := ""; ; {
		page, err := e.Vault.Subjects(context.Background(), ServiceName, after, 10_000)
		if err != nil {
			b.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out, after = append(out, page...), page[len(page)-1]
	}
}

// BenchmarkDailyRun is the daily run over the participants; one op is one
// whole day's run. It reports the set-up's time too (setup-s).
func BenchmarkDailyRun(b *testing.B) {
	n := benchParticipants(b)
	days := benchEnv("JIKIMI_BENCH_DAYS", 1)
	want := min(benchEnv("JIKIMI_BENCH_COHORT", n), n)
	var cohort []string
	e := benchKept(b)
	if e != nil {
		cohort = keptSubjects(b, e)
	} else {
		e = benchOpen(b)
	}
	if len(cohort) == 0 {
		cohort = importCohort(b, e, want, days)
	} else if len(cohort) != want {
		b.Fatalf("the kept set-up has %d subjects, not %d", len(cohort), want)
	}
	setup := b.Elapsed()
	if os.Getenv("JIKIMI_BENCH_SETUPONLY") != "" { // to keep a set-up (JIKIMI_BENCH_SETUP) for later runs
		b.ReportMetric(setup.Seconds(), "setup-s")
		return
	}
	r, err := points.Load(points.Example)
	if err != nil {
		b.Fatal(err)
	}
	var steps StepSource = Summaries{Vault: e.Vault}
	var ages Ages = GateAges{e.Vault}
	if len(cohort) < n {
		steps, ages = mapped{Summaries{Vault: e.Vault}, cohort, n}, mappedAges{GateAges{e.Vault}, cohort}
	}
	svc := New(Config{SQL: e.SQL(), Vault: e.Vault, Clock: e.Clock, Rules: r, Steps: steps, Ages: ages})
	ctx := context.Background()
	var rep DayReport
	d, _ := strconv.Atoi(os.Getenv("JIKIMI_BENCH_FIRSTDAY"))
	before := e.Vault.CacheStats()
	for b.Loop() {
		if d == days {
			b.Fatalf("only %d days of summaries were set up (JIKIMI_BENCH_DAYS)", days)
		}
		if rep, err = svc.RunDay(ctx, benchDay(d)); err != nil {
			b.Fatal(err)
		}
		if rep.Seen != n {
			b.Fatalf("the run saw %d participants of %d", rep.Seen, n)
		}
		d++
	}
	perDay := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perDay, "s/day")
	b.ReportMetric(float64(n)/perDay, "participants/s")
	b.ReportMetric(float64(rep.Accrued), "accruals/day")
	b.ReportMetric(float64(rep.AgesRead), "ages-read/day")
	b.ReportMetric(setup.Seconds(), "setup-s")
	b.ReportMetric(float64(len(cohort)), "subjects")
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

// importBatch is how many subjects one import transaction sets up.
const importBatch = 1000

// importCohort sets up n subjects born 1935–2005 through the gate's import,
// each with a day summary of 0–15,999 steps on each of the first days
// benchmark days, importBatch a transaction, two transactions in flight.
func importCohort(b *testing.B, e *vaulttest.Env, n, days int) []string {
	out := make([]string, n)
	sys := vault.Actor{Kind: vault.System, ID: "bench", Source: "127.0.0.1"}
	err := parallel((n+importBatch-1)/importBatch, 2, func(k int) error {
		from, to := k*importBatch, min((k+1)*importBatch, n)
		arrivals := make([]vault.Arrival, to-from)
		for i := range arrivals {
			arrivals[i] = arrival(from+i, days)
		}
		ids, err := e.Vault.Import(context.Background(), vault.Request{Actor: sys, Service: ServiceName}, arrivals)
		copy(out[from:to], ids)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// arrival is subject i's set-up, its birth date and steps drawn from i.
func arrival(i, days int) vault.Arrival {
	rng := rand.New(rand.NewPCG(5, uint64(i)))
	var a vault.Arrival
	for _, sc := range []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"} {
		a.Consents = append(a.Consents, vault.Consent{Scope: sc, Channel: vault.ChannelWeb, Text: "벤치마크 " + sc})
	}
	born := fmt.Sprintf("%04d-%02d-%02d", 1935+rng.IntN(71), 1+rng.IntN(12), 1+rng.IntN(28))
	a.Records = append(a.Records, vault.Arriving{Purpose: "enrolment", Rule: "enrolment", Values: map[string]string{"birth_date": born, "sex": "F"}})
	steps := strconv.Itoa(rng.IntN(16_000))
	for d := range days {
		a.Records = append(a.Records, vault.Arriving{Purpose: "health-service", Rule: "service", Key: dayKey(benchDay(d)),
			Values: map[string]string{measure.Steps.Item(): steps}})
	}
	return a
}

// mapped is the StepSource of generated participant i: the summary of
// cohort subject i mod len(cohort), read through the gate a page at once.
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
	subs := make([]string, to-from)
	for k := range subs {
		subs[k] = m.cohort[(from+k)%len(m.cohort)]
	}
	steps, _, err := m.sum.stepsOf(ctx, subs, day)
	if err != nil {
		return nil, "", err
	}
	page := make([]DaySteps, len(subs))
	for k := range page {
		page[k] = DaySteps{participantID(from + k), steps[k]}
	}
	next := ""
	if to < m.n {
		next = participantID(to - 1)
	}
	return page, next, nil
}

func participantID(i int) string { return fmt.Sprintf("p%07d", i) }

// mappedAges reads generated participant i's birth date from cohort
// subject i mod len(cohort), through the gate.
type mappedAges struct {
	gate   GateAges
	cohort []string
}

func (m mappedAges) BirthDates(ctx context.Context, subjects []string) ([]measure.Date, []bool, error) {
	subs := make([]string, len(subjects))
	for k, s := range subjects {
		i, err := strconv.Atoi(s[1:])
		if err != nil {
			return nil, nil, err
		}
		subs[k] = m.cohort[i%len(m.cohort)]
	}
	return m.gate.BirthDates(ctx, subs)
}

// parallel runs fn(0..n-1) on at most workers goroutines and returns the
// first error.
func parallel(n, workers int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
