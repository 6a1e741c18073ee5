package alerts

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// The alert run over a million generated subscribers: each was last matched
// yesterday against an earlier catalogue snapshot (every fifth service
// missing), so today every one is matched twice (before and after) and
// alerted of what is new. The target is ≤ 5 minutes for the million on the
// 2-core build machine; docs/benchmarks.md, "Welfare alerts run", has the
// numbers. JIKIMI_BENCH_MEMBERS sets another count.
func benchMembers(b *testing.B) int {
	if s := os.Getenv("JIKIMI_BENCH_MEMBERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("JIKIMI_BENCH_MEMBERS=%q", s)
		}
		return n
	}
	return 1_000_000
}

var benchDay = civil.MustParse("2026-03-02")

type benchSet struct {
	full, old *catalogue.Catalogue
	subs      []subscriber
	to        snapshotRef
}

func newBenchSet(b *testing.B) *benchSet {
	full := embedded(b)
	set := &benchSet{full: full, old: older(b, full), to: snapshotRef{Version: full.Version(), Day: benchDay.String()}}
	from := snapshotRef{Version: set.old.Version(), Day: "2026-03-01"}
	rng := rand.New(rand.NewPCG(2026, 6))
	set.subs = make([]subscriber, benchMembers(b))
	for i := range set.subs {
		set.subs[i] = subscriber{subject: fmt.Sprintf("sub_bench%08d", i), from: from, profile: benchProfile(rng)}
	}
	return set
}

// benchProfile is an obviously synthetic family: a 본인 aged 19 to 89,
// sometimes a spouse, up to three children, sometimes a parent, and a few
// situations and interests.
func benchProfile(rng *rand.Rand) catalogue.Profile {
	p := catalogue.Profile{Members: []catalogue.Member{benchMember(rng, catalogue.RelationSelf, 19, 90)}}
	if rng.IntN(2) == 0 {
		p.Members = append(p.Members, benchMember(rng, catalogue.RelationSpouse, 19, 90))
	}
	for range rng.IntN(4) {
		p.Members = append(p.Members, benchMember(rng, catalogue.RelationChild, 0, 30))
	}
	if rng.IntN(4) == 0 {
		p.Members = append(p.Members, benchMember(rng, catalogue.RelationParent, 55, 100))
	}
	if rng.IntN(4) == 0 {
		p.Family = []catalogue.FamilySituation{catalogue.FamilySituation(1 + rng.IntN(4))}
	}
	if rng.IntN(6) == 0 {
		p.Personal = []catalogue.PersonalSituation{catalogue.PersonalSituation(1 + rng.IntN(6))}
	}
	if rng.IntN(2) == 0 {
		p.Interests = []catalogue.Interest{catalogue.Interest(1 + rng.IntN(9))}
	}
	return p
}

func benchMember(rng *rand.Rand, r catalogue.Relation, minAge, maxAge int) catalogue.Member {
	days := minAge*365 + rng.IntN((maxAge-minAge)*365)
	y, m, d := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -days).Date()
	birth, _ := civil.New(y, m, d)
	return catalogue.Member{Relation: r, Birth: birth, Sex: catalogue.Sex(1 + rng.IntN(2))}
}

// BenchmarkAlertRunBaseline is the same-run baseline: the matching the run
// does (both snapshots, every subscriber), with no database.
func BenchmarkAlertRunBaseline(b *testing.B) {
	set := newBenchSet(b)
	s := &Service{cfg: Config{Catalogue: set.full}, versions: map[string]*catalogue.Catalogue{set.full.Version(): set.full, set.old.Version(): set.old}}
	after := s.snapshot(set.to)
	for b.Loop() {
		alerted := 0
		for _, m := range set.subs {
			if len(catalogue.Changes(m.profile, s.snapshot(m.from), after)) > 0 {
				alerted++
			}
		}
		b.ReportMetric(float64(alerted), "alerts")
	}
}

// BenchmarkAlertRun is the run: profiles → matches → outbox rows and run
// state, page by page in transactions, the next page matched while the
// last commits (Run's pipeline, with generated profiles in place of the
// vault's), on SQLite and on PostgreSQL (CI=1). Each iteration starts from
// a fresh database.
func BenchmarkAlertRun(b *testing.B) {
	set := newBenchSet(b)
	for _, d := range []struct {
		name string
		open vaulttest.Opener
	}{{"sqlite", vaulttest.SQLite}, {"postgres", vaulttest.Postgres}} {
		b.Run(d.name, func(b *testing.B) { benchRun(b, set, d.open) })
	}
}

func benchRun(b *testing.B, set *benchSet, open vaulttest.Opener) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		env := open(b, vaulttest.Config{Start: time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC)})
		q := jobstest.New(b, env.SQL(), env.Clock)
		s, err := New(Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Catalogue: set.full, Earlier: []*catalogue.Catalogue{set.old},
			Email: discard{}, SMS: discard{}, Jobs: q})
		if err != nil {
			b.Fatal(err)
		}
		jobs.Handle(q, s.Send)
		b.StartTimer()
		var stats RunStats
		rest := set.subs
		next := func() ([]subscriber, error) {
			page := rest[:min(runPage, len(rest))]
			rest = rest[len(page):]
			return page, nil
		}
		if err := s.pipeline(ctx, set.to, next, &stats); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var n int
		if err := env.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&n); err != nil || n != stats.Alerted {
			b.Fatalf("%d jobs for %d alerts (%v)", n, stats.Alerted, err)
		}
		b.ReportMetric(float64(stats.Alerted), "alerts")
		b.StartTimer()
	}
}
