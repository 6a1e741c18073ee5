package vault

import (
	"context"
	"strings"

	"jikimi/errs"
	"jikimi/store"
)

// PlanImmediate stands, in a destruction record, for the plan of data
// destroyed at once: on a request (unsubscribing, unlinking, withdrawing a
// consent), on an event (a watch linked), or right after use (a look-up
// that is shown and never kept). Such a destruction needs no approval; its
// record says so with an empty approver.
const PlanImmediate = "immediate"

// MethodNotStored is how data used once and never written is destroyed: it
// was never stored, and its record says which items passed through.
const MethodNotStored = "not_stored"

const immediateColumns = `record_id, step, service, subject_id, purpose, rule, items, due_at, destroyed_at, method, key_destroyed, plan_id, approver`

// recordImmediate writes the destruction records (retention_destructions,
// the table the retention engine's records are in, so `retention report`
// lists both) of data destroyed at once, in the transaction that destroyed
// it. Like every destruction record, they hold no content.
func recordImmediate(ctx context.Context, tx store.Querier, done []Destroyed) error {
	for _, d := range done {
		key := 0
		if d.KeyDestroyed {
			key = 1
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO retention_destructions (`+immediateColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`,
			d.Record, d.Step, d.Service, d.Subject, d.Purpose, d.Rule, strings.Join(d.Items, ","), d.Due.UnixMicro(), d.At.UnixMicro(),
			d.Method, key, PlanImmediate)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "vault: write destruction record")
		}
	}
	return nil
}
