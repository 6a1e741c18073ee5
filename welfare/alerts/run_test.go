package alerts

import (
	"fmt"
	"testing"
	"time"

	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/civil"
)

// A subscriber whose processing is suspended (처리정지) is neither matched
// nor dropped: once the suspension is lifted, the run picks them up with
// everything that changed meanwhile.
func TestSuspendedSubscriberWaits(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.subscriber(t)
	if _, err := f.env.Vault.Suspend(ctx, vault.Request{Actor: me(sub), Service: ServiceName, Purpose: PurposeFamily, Subject: sub}); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(24 * time.Hour)
	stats, err := f.Run(ctx)
	if err != nil || stats.Skipped != 1 || stats.Matched != 0 || f.env.Count(t, `SELECT COUNT(*) FROM river_job`) != 0 {
		t.Fatalf("run while suspended %+v %v", stats, err)
	}
	if err := f.env.Vault.Lift(ctx, vault.Request{Actor: me(sub), Service: ServiceName, Purpose: PurposeFamily, Subject: sub}); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(24 * time.Hour)
	if stats, err := f.Run(ctx); err != nil || stats.Alerted != 1 {
		t.Fatalf("run after lifting %+v %v", stats, err)
	}
}

// Many subscribers span several pages; each is matched once.
func TestRunPagesThroughSubscribers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	n := runPage + 3
	err := f.env.SQL().InTx(ctx, func(tx store.Querier) error {
		for i := range n {
			// Subjects the gate does not know: each page is all skipped.
			if err := saveState(ctx, tx, fmt.Sprintf("sub_unknown%04d", i), snapshotRef{Version: "gone-version", Day: "2026-03-01"}, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := f.Run(ctx)
	if err != nil || stats.Skipped != n {
		t.Fatalf("run %+v %v, want %d skipped (no family in the vault)", stats, err, n)
	}
}

// A member whose family's ages do not change is not looked at again until
// the first birthday: the runs between match nobody, and the birthday's run
// matches them (and alerts only when a stage begins).
func TestRunWaitsForTheNextBirthday(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.subscriber(t)
	f.env.Clock.Advance(24 * time.Hour) // 2026-03-03: the child turns 6
	if stats, err := f.Run(ctx); err != nil || stats.Matched != 1 || stats.Alerted != 1 {
		t.Fatalf("birthday run %+v %v", stats, err)
	}
	if got := f.recheckOn(t, sub); got != "2026-06-15" { // 본인 turns 41
		t.Fatalf("recheck_on = %q, want 2026-06-15", got)
	}
	for range 3 {
		f.env.Clock.Advance(24 * time.Hour)
		if stats, err := f.Run(ctx); err != nil || stats.Matched != 0 {
			t.Fatalf("run before any birthday matched someone: %+v %v", stats, err)
		}
	}
	for civil.InSeoul(f.env.Clock.Now()).String() != "2026-06-15" {
		f.env.Clock.Advance(24 * time.Hour)
	}
	if stats, err := f.Run(ctx); err != nil || stats.Matched != 1 || stats.Alerted != 0 {
		t.Fatalf("run on 본인's birthday %+v %v", stats, err)
	}
	if got := f.recheckOn(t, sub); got != "2027-03-03" {
		t.Fatalf("recheck_on = %q, want 2027-03-03", got)
	}
}
