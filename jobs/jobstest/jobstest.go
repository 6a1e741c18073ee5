// Package jobstest gives tests a River queue on their own database: polling
// often, so that Drain returns soon after the work is done.
//
// It must never be imported outside tests.
package jobstest

import (
	"context"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/jobs"
	"jikimi/store"
)

// New returns a queue on sql; register its handlers, then Start it.
func New(t testing.TB, sql store.SQL, clk clock.Clock) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(jobs.Config{SQL: sql, Clock: clk, Poll: 5 * time.Millisecond, MaxAttempts: 3, RescueAfter: jobs.FakeClockRescueAfter})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Start starts q until the test ends.
func Start(t testing.TB, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
}

// Drain works every due job, failing the test after a minute. It starts
// q the first time: until then, inserted jobs wait, as a test that checks
// what happens before the work needs.
func Drain(t testing.TB, q *jobs.Queue) {
	t.Helper()
	if !q.Started() {
		Start(t, q)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := q.Drain(ctx); err != nil {
		t.Fatal(err)
	}
}
