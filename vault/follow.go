package vault

import (
	"context"
	"slices"
	"time"

	"jikimi/policy"
	"jikimi/store"
)

const detailsDestroyed = "details_destroyed"

// fireDetailsDestroyed fires details_destroyed for every case of a chunk
// whose details are now all destroyed: the records of the purpose under the
// rules a details_destroyed rule follows, which are all its other rules (in
// 복지로's online application: the draft and the details, followed by the
// history).
func (v *Vault) fireDetailsDestroyed(ctx context.Context, tx store.Querier, pol *policy.Policy, done []Destroyed, now time.Time) error {
	seen := map[RetentionEvent]bool{}
	for _, d := range done {
		pu := pol.Purpose(d.Purpose)
		if pu == nil || !waitingRule(pu, detailsDestroyed) || follows(pu.Rule(d.Rule)) {
			continue
		}
		e := RetentionEvent{service: d.Service, subject: d.Subject, purpose: pu.ID, Case: d.Case, Event: detailsDestroyed}
		if seen[e] {
			continue
		}
		seen[e] = true
		left, err := detailsLeft(ctx, tx, pu, e)
		if err != nil {
			return err
		}
		if left {
			continue
		}
		e.At = now
		if _, err := v.happened(ctx, tx, pu, e); err != nil {
			return err
		}
	}
	return nil
}

// follows reports whether a rule is one that waits for the details.
func follows(rr *policy.Retention) bool { return rr != nil && waitsFor(rr) == detailsDestroyed }

// detailsLeft reports whether the case still has records its follower waits on.
func detailsLeft(ctx context.Context, tx store.Querier, pu *policy.Purpose, e RetentionEvent) (bool, error) {
	rules, err := store.Column[string](ctx, tx, "vault: read a case's records",
		`SELECT rule FROM pd_records WHERE subject_id = ? AND purpose = ? AND case_id = ?`, e.subject, pu.ID, e.Case)
	return slices.ContainsFunc(rules, func(rule string) bool { return !follows(pu.Rule(rule)) }), err
}
