// Package retentiontest runs the destruction job in other packages' tests:
// the real runner over a test's gate, with the privacy officer approving
// every plan.
package retentiontest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"jikimi/retention"
	"jikimi/vault/vaulttest"
)

// Runner is the destruction runner over e's gate, logging nowhere.
func Runner(t testing.TB, e *vaulttest.Env) *retention.Runner {
	t.Helper()
	r, err := retention.New(retention.Config{Vault: e.Vault, SQL: e.SQL(), Policies: e.Policies, Clock: e.Clock,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// RunApproving runs r for the clock's day, the privacy officer
// ("stf_officer1") approving every plan that awaits approval, until a run
// plans nothing and nothing awaits (at most five runs).
func RunApproving(t testing.TB, r *retention.Runner) {
	t.Helper()
	ctx := context.Background()
	for range 5 {
		res, err := r.Run(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Awaiting {
			if _, err := r.Approve(ctx, p.ID, "stf_officer1"); err != nil {
				t.Fatal(err)
			}
		}
		if len(res.Planned)+len(res.Awaiting) == 0 {
			return
		}
	}
}
