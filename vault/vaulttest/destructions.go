package vaulttest

import (
	"context"
	"testing"
)

// Destructions lists the destruction records of a subject, oldest first,
// as "purpose method plan": what a test of a destroying step checks.
func (e *Env) Destructions(t testing.TB, subject string) []string {
	t.Helper()
	rows, err := e.SQL().Reader().QueryContext(context.Background(), `SELECT purpose, method, plan_id FROM retention_destructions
		WHERE subject_id = ? ORDER BY destroyed_at, record_id`, subject)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var purpose, method, plan string
		if err := rows.Scan(&purpose, &method, &plan); err != nil {
			t.Fatal(err)
		}
		out = append(out, purpose+" "+method+" "+plan)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
