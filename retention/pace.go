package retention

import (
	"time"

	"jikimi/clock"
)

// pacer sizes chunks so that each transaction holds the write lock no
// longer than a budget: writers waiting for the lock (ingestion) wait at
// most about that long. It measures on a wall clock, never the clock that
// dates things, so it works the same under a simulated clock.
type pacer struct {
	n, max int
	budget time.Duration
	wall   clock.Clock
}

func (r *Runner) newPacer() *pacer {
	return &pacer{n: min(r.cfg.Chunk, 250), max: r.cfg.Chunk, budget: r.cfg.Budget, wall: r.cfg.Wall}
}

// run calls fn with the current chunk size and sizes the next chunk from
// how long it took: in proportion to the budget, but changing by at most
// half at a time, since one slow commit (a checkpoint) says little.
func (p *pacer) run(fn func(n int) error) error {
	start := p.wall.Now()
	err := fn(p.n)
	took := max(p.wall.Now().Sub(start), time.Microsecond)
	want := float64(p.n) * float64(p.budget) / float64(took)
	want = min(max(want, 0.5*float64(p.n)), 1.5*float64(p.n)+1)
	p.n = min(max(int(want), 1), p.max)
	if p.n >= 100 {
		p.n -= p.n % 50 // few distinct statement texts
	}
	return err
}
