package points

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"jikimi/healthcare/measure"
)

const benchParticipants = 2_000_000

// cohort is 2,000,000 synthetic participants (born 1935–2005) with a day's
// steps each (0–15,999), made once.
var cohort = sync.OnceValues(func() ([]Participant, []int) {
	rng := rand.New(rand.NewPCG(5, 2024))
	ps := make([]Participant, benchParticipants)
	steps := make([]int, benchParticipants)
	for i := range ps {
		born := measure.Date{Year: 1935 + rng.IntN(71), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		ps[i] = Participant{ID: fmt.Sprintf("p-synthetic-%07d", i), BirthDate: born}
		steps[i] = rng.IntN(16_000)
	}
	return ps, steps
})

var sink int

// BenchmarkDaily2M runs the daily rules over 2,000,000 participants: one op
// is the whole cohort.
func BenchmarkDaily2M(b *testing.B) {
	r := example(b)
	ps, steps := cohort()
	day := measure.Date{Year: 2024, Month: 3, Day: 4}
	for b.Loop() {
		total := 0
		for i := range ps {
			total += r.Daily(ps[i], day, steps[i]).Points
		}
		sink = total
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchParticipants, "ns/participant")
}

// BenchmarkBaselineSumSteps2M is the same-run baseline: a loop over the same
// cohort that only sums the steps.
func BenchmarkBaselineSumSteps2M(b *testing.B) {
	ps, steps := cohort()
	for b.Loop() {
		total := 0
		for i := range ps {
			total += steps[i]
		}
		sink = total
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchParticipants, "ns/participant")
}
