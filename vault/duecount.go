package vault

import (
	"context"
	"time"

	"jikimi/errs"
)

// Due is how many of a service's records, in use or kept separately, have
// a retention step (destruction, or separation) due.
type Due struct {
	Due     int // due at now or before
	Overdue int // of those, due at the overdue time or before
}

// DueCounts counts the service's records whose retention step is due at
// now, and of those the ones due at overdue (an earlier time) already: the
// daily run should have dealt with them. For an operator's metrics; it
// reads counts only, walking the due index.
func (v *Vault) DueCounts(ctx context.Context, service string, now, overdue time.Time) (Due, error) {
	var d Due
	for _, sh := range shelves {
		var due, late int
		err := v.reader.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END), 0)
			FROM `+sh.table+` WHERE service = ? AND due_at IS NOT NULL AND due_at <= ?`,
			overdue.UnixMicro(), service, now.UnixMicro()).Scan(&due, &late)
		if err != nil {
			return Due{}, errs.Wrap(errs.Internal, err, "vault: count due records")
		}
		d.Due += due
		d.Overdue += late
	}
	return d, nil
}
