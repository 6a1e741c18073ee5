package cases

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// quiet is how long a case is left alone after its last change before the
// sweep asks the vault about it: no rule of these purposes destroys
// anything sooner (a draft's 30 days are the shortest), so younger cases
// are never gone. It saves work; correctness does not depend on it.
const quiet = 30 * 24 * time.Hour

var sweeper = vault.Actor{Kind: vault.System, ID: "bokjiro-cases-sweep"}

// Sweep drops the bookkeeping of cases whose data the vault has destroyed
// (its row and its transfers), so that nothing of a case, not even its
// outcome under an opaque ID, outlives the policy's retention. It walks
// every quiet case in pages of limit and returns how many it dropped.
func (c *Cases) Sweep(ctx context.Context, limit int) (int, error) {
	dropped, after := 0, ""
	for {
		page, err := quietCases(ctx, c.cfg.SQL.Reader(), c.now().Add(-quiet), after, limit)
		if err != nil || len(page) == 0 {
			return dropped, err
		}
		for _, cs := range page {
			n, err := c.sweepOne(ctx, cs)
			if err != nil {
				return dropped, err
			}
			dropped += n
		}
		after = page[len(page)-1].ID
	}
}

// sweepOne drops one case's bookkeeping if the vault keeps nothing of it;
// a subject the vault no longer knows keeps nothing.
func (c *Cases) sweepOne(ctx context.Context, cs Case) (int, error) {
	left, err := c.cfg.Vault.CaseLeft(ctx, request(sweeper, cs.Subject, purposeOf[cs.Kind], vault.View), cs.ID)
	if errs.Code(err) == errs.NotFound {
		left, err = false, nil
	}
	if err != nil || left {
		return 0, err
	}
	return 1, c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM bokjiro_transfers WHERE case_id = ?`, cs.ID); err != nil {
			return wrap(err, "cases: drop transfers")
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM bokjiro_cases WHERE id = ?`, cs.ID)
		return wrap(err, "cases: drop a case")
	})
}

// quietCases pages through the cases unchanged since before, by ID.
func quietCases(ctx context.Context, q store.Querier, before time.Time, after string, limit int) ([]Case, error) {
	return selectCases(ctx, q, `WHERE updated_at <= ? AND id > ? ORDER BY id LIMIT ?`, before.UnixMicro(), after, limit)
}
