package pointsvc

import (
	"context"
	"sync"

	"jikimi/errs"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// Summaries is the StepSource of the running service: the daily summaries
// that package ingest keeps current, one keyed record per participant-day
// of purpose health-service, read through the gate (one logged read of the
// item steps per participant, as the daily run's system actor). Workers
// reads run at once, so the gate's group commit logs them together.
type Summaries struct {
	Vault   *vault.Vault
	Workers int // 0: DefaultWorkers
}

// dayKey is the key ingest gives a participant's day summary.
func dayKey(d measure.Date) string { return ingest.DayKey(d) }

// DaySteps implements StepSource over the service's subjects in ID order;
// a participant without a summary for the day is left out. Which of the
// page hold one the gate says first (vault.KeyedHeld: no content, no log
// entry), so that only they are read: a day's run costs the day's syncs,
// not every participant.
func (s Summaries) DaySteps(ctx context.Context, day measure.Date, after string, limit int) ([]DaySteps, string, error) {
	subs, err := s.Vault.Subjects(ctx, ServiceName, after, limit)
	if err != nil || len(subs) == 0 {
		return nil, "", err
	}
	held, err := s.Vault.KeyedHeld(ctx, vault.Request{Actor: runner, Service: ServiceName, Purpose: "health-service"}, dayKey(day), subs)
	if err != nil {
		return nil, "", err
	}
	var with []string
	for i, sub := range subs {
		if held[i] {
			with = append(with, sub)
		}
	}
	got := make([]DaySteps, len(with))
	found := make([]bool, len(with))
	err = parallel(len(with), s.Workers, func(i int) error {
		n, ok, err := s.steps(ctx, with[i], day)
		got[i], found[i] = DaySteps{with[i], n}, ok
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := got[:0]
	for i, d := range got {
		if found[i] {
			page = append(page, d)
		}
	}
	next := ""
	if len(subs) == limit {
		next = subs[len(subs)-1]
	}
	return page, next, nil
}

func (s Summaries) steps(ctx context.Context, subject string, day measure.Date) (int, bool, error) {
	req := vault.Request{Actor: runner, Service: ServiceName, Purpose: "health-service", Subject: subject,
		Items: []string{measure.Steps.Item()}, Action: vault.View}
	rec, err := s.Vault.Get(ctx, req, vault.KeyedID(subject, "health-service", dayKey(day)))
	if errs.Code(err) == errs.NotFound {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	sum, err := ingest.DecodeDay(day, rec.Values)
	if err != nil {
		return 0, false, err
	}
	return sum.Steps, true, nil
}

// DefaultWorkers is how many gated reads the daily run keeps in flight:
// the gate commits the access-log entries of concurrent reads together, so
// more readers mean fewer commits. On PostgreSQL, where each commit waits
// for the WAL flush, 64 readers ran the day twice as fast as 8.
const DefaultWorkers = 64

// parallel runs fn(0..n-1) on at most workers goroutines (0:
// DefaultWorkers) and returns the first error.
func parallel(n, workers int, fn func(i int) error) error {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					first = cmp(first, err)
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

func cmp(first, err error) error {
	if first != nil {
		return first
	}
	return err
}
