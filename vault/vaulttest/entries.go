package vaulttest

import (
	"context"
	"testing"

	"jikimi/audit"
)

// Entries are all the access-log entries written so far, oldest first.
func (e *Env) Entries(t testing.TB) []audit.Entry {
	t.Helper()
	last, err := e.Log.Last(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	all, err := e.Log.Entries(context.Background(), 1, last.Seq)
	if err != nil {
		t.Fatal(err)
	}
	return all
}
