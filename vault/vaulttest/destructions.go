package vaulttest

import (
	"context"
	"testing"

	"jikimi/store"
)

// Destructions lists the destruction records of a subject, oldest first,
// as "purpose method plan": what a test of a destroying step checks.
func (e *Env) Destructions(t testing.TB, subject string) []string {
	t.Helper()
	out, err := store.Collect(context.Background(), e.SQL().Reader(), "vaulttest: read destructions", func(s store.Scanner, d *string) error {
		var purpose, method, plan string
		err := s.Scan(&purpose, &method, &plan)
		*d = purpose + " " + method + " " + plan
		return err
	}, `SELECT purpose, method, plan_id FROM retention_destructions WHERE subject_id = ? ORDER BY destroyed_at, record_id`, subject)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
