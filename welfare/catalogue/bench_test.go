package catalogue

import (
	"runtime"
	"sync"
	"testing"

	"jikimi/welfare/civil"
)

// A million synthetic profiles, the same ones every run (seed 2026), matched
// against the embedded catalogue. The target is ≤ 5 minutes for the whole
// million on the 2-core build machine; docs/benchmarks.md has the numbers.
const benchProfiles = 1_000_000

var benchDay = civil.MustParse("2026-03-01")

var millionProfiles = sync.OnceValue(func() []Profile {
	gen := newGenerator(2026, benchDay)
	ps := make([]Profile, benchProfiles)
	for i := range ps {
		ps[i] = gen.profile()
	}
	return ps
})

func embeddedForBench(b *testing.B) (*Catalogue, []Profile) {
	b.Helper()
	return embedded(b), millionProfiles()
}

// BenchmarkMillionAges is the same-run baseline: walking the profiles and
// computing each member's age and stage, and nothing else.
func BenchmarkMillionAges(b *testing.B) {
	c, ps := embeddedForBench(b)
	for b.Loop() {
		n := 0
		for i := range ps {
			for _, m := range ps[i].Members {
				n += int(c.cfg.stageAt(m.Birth.AgeOn(benchDay)))
			}
		}
		benchSink = n
	}
}

// BenchmarkMillionMatch matches every profile against the whole catalogue,
// with reasons, on one core.
func BenchmarkMillionMatch(b *testing.B) {
	c, ps := embeddedForBench(b)
	matches := 0
	for b.Loop() {
		matches = 0
		for i := range ps {
			matches += len(c.Match(ps[i], benchDay))
		}
	}
	b.ReportMetric(float64(matches)/float64(len(ps)), "matches/profile")
}

// BenchmarkMillionMatchParallel splits the million across GOMAXPROCS
// goroutines, as a batch job on the build machine would.
func BenchmarkMillionMatchParallel(b *testing.B) {
	c, ps := embeddedForBench(b)
	workers := runtime.GOMAXPROCS(0)
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(ps); i += workers {
					_ = c.Match(ps[i], benchDay)
				}
			})
		}
		wg.Wait()
	}
}

var benchSink int
