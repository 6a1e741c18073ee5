package members

import (
	"testing"

	"jikimi/errs"
	"jikimi/vault/vaulttest"
)

func TestWithdrawDatesMembershipAndEndsAccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	sub := f.join(t, adult()).Subject
	if err := f.LinkSocialSecurity(ctx, me(sub), sub, f.linkOf(t, "900101-1000001")); err != nil {
		t.Fatal(err)
	}
	var waiting int
	q := `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND due_at IS NULL`
	if err := f.env.SQL().Reader().QueryRowContext(ctx, q, sub).Scan(&waiting); err != nil || waiting != 2 {
		t.Fatalf("%d records waiting for the withdrawal, want 2 (%v)", waiting, err)
	}
	if err := f.Withdraw(ctx, me(sub), sub); err != nil {
		t.Fatal(err)
	}
	if err := f.env.SQL().Reader().QueryRowContext(ctx, q, sub).Scan(&waiting); err != nil || waiting != 0 {
		t.Fatalf("%d records still undated after the withdrawal (%v)", waiting, err)
	}
	if _, err := f.Profile(ctx, me(sub), sub); errs.Code(err) != errs.NotFound {
		t.Fatalf("the membership is still given after the withdrawal: %v", err)
	}
	if err := f.Withdraw(ctx, me(sub), sub); errs.Code(err) != errs.NotFound {
		t.Fatalf("second withdrawal: %v", err)
	}
}
