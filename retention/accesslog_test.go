package retention

import (
	"testing"

	"jikimi/audit"
	"jikimi/store"
	"jikimi/vault/vaulttest"
)

// The daily run prunes the access log past its declared retention (2
// years), keeping what is younger, and the rest still verifies.
func TestRunPrunesTheAccessLog(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}), func(c *Config) { c.AccessLog = nil })
		withLog := newFixture(t, f.Env, func(c *Config) { c.AccessLog = f.Log })
		old := audit.Entry{Handler: "system:test", Role: "system", Service: bokjiro, Purpose: "test", Action: audit.View, Outcome: audit.Allowed}
		if err := f.SQL().InTx(ctx, func(tx store.Querier) error { return f.Log.Append(ctx, tx, old, old, old) }); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Log.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		f.Clock.Set(f.Clock.Now().AddDate(audit.RetentionYears, 0, 1))
		if err := f.SQL().InTx(ctx, func(tx store.Querier) error { return f.Log.Append(ctx, tx, old) }); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Log.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		res, err := f.r.Run(ctx, f.Clock.Now())
		if err != nil || res.PrunedLogEntries != 0 {
			t.Fatalf("a run without the access log pruned %d: %v", res.PrunedLogEntries, err)
		}
		res, err = withLog.r.Run(ctx, f.Clock.Now())
		if err != nil || res.PrunedLogEntries != 3 {
			t.Fatalf("pruned %d, want the 3 entries older than 2 years: %v", res.PrunedLogEntries, err)
		}
		rep, err := f.Log.Verify(ctx)
		if err != nil || !rep.OK() || rep.From != 4 {
			t.Fatalf("after pruning: %+v, %v", rep, err)
		}
		var indexed int64
		if err := f.SQL().Reader().QueryRowContext(ctx, `SELECT upto FROM audit_subjects_indexed`).Scan(&indexed); err != nil || indexed < 4 {
			t.Fatalf("the run left the subject index at %d (%v)", indexed, err)
		}
	})
}
