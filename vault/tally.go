package vault

import (
	"context"
	"time"

	"jikimi/store"
)

// Tally counts the subjects who hold records of the service's purpose in
// use, and of them those whose first such record was made on each day in
// loc from since on. For an operator's status screen: it reads counts and
// creation times only, never a subject or a value, so it logs nothing.
func (v *Vault) Tally(ctx context.Context, service, purpose string, since time.Time, loc *time.Location) (store.DayTally, error) {
	return store.TallyDays(ctx, v.reader, "vault: tally the records", since, loc,
		`SELECT MIN(created_at) FROM pd_records WHERE service = ? AND purpose = ? GROUP BY subject_id`, service, purpose)
}
