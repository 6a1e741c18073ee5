// Package storetest is the conformance suite every store driver must pass:
// Run for the Store methods, RunSchema for the migration rules. Drivers run
// it from their own tests, each test on a database of its own.
//
// It must never know which driver it tests: anything driver-specific comes
// in through the hooks, and it uses only SQL both databases accept.
package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Run runs the Store tests. newStore returns a fresh, migrated store on a
// database no other test uses, and closes it at t's cleanup.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"RecordPublication/RoundTrip", testRoundTrip},
		{"RecordPublication/Idempotent", testIdempotent},
		{"RecordPublication/Concurrent", testConcurrent},
		{"RecordPublication/Conflict", testConflict},
		{"RecordPublication/Invalid", testInvalid},
		{"Publications/Ordered", testOrdered},
		{"Publications/PerService", testPerService},
		{"Publications/InvalidService", testInvalidService},
		{"SchemaVersion", testSchemaVersion},
		{"Close", testClose},
		{"SQL/Commits", testTxCommits},
		{"SQL/RollsBackOnError", testTxRollsBackOnError},
		{"SQL/RollsBackOnPanic", testTxRollsBackOnPanic},
		{"SQL/SerialisesWriters", testTxSerialisesWriters},
		{"Collect/Rows", testCollectRows},
		{"Collect/Failures", testCollectFailures},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

var day = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

// pub is a valid publication of seoul-healthcare, its hash hashDigit x 64.
func pub(version string, effective time.Time, hashDigit string) store.Publication {
	return store.Publication{
		Service:     "seoul-healthcare",
		Version:     version,
		Effective:   effective,
		SHA256:      strings.Repeat(hashDigit, 64),
		PublishedAt: effective.Add(-48 * time.Hour),
	}
}

func record(t *testing.T, s store.Store, ps ...store.Publication) {
	t.Helper()
	for _, p := range ps {
		if err := s.RecordPublication(context.Background(), p); err != nil {
			t.Fatalf("RecordPublication(%s %s): %v", p.Service, p.Version, err)
		}
	}
}

func list(t *testing.T, s store.Store, service string) []store.Publication {
	t.Helper()
	ps, err := s.Publications(context.Background(), service)
	if err != nil {
		t.Fatalf("Publications(%s): %v", service, err)
	}
	return ps
}

func wantCode(t *testing.T, err error, code string) *errs.Error {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error = %v (code %q), want code %q", err, errs.Code(err), code)
	}
	return e
}

func versions(ps []store.Publication) string {
	vs := make([]string, len(ps))
	for i, p := range ps {
		vs[i] = p.Version
	}
	return strings.Join(vs, " ")
}
