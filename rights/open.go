package rights

import (
	"context"
	"time"

	"jikimi/store"
)

// DaysLeftBuckets are the labels OpenByDaysLeft counts open requests under:
// past due, on the last day, within the escalation window, within a week,
// and later.
var DaysLeftBuckets = []string{"overdue", "1", "2-3", "4-7", "8+"}

// OpenByDaysLeft counts the open requests (received, verifying, in
// progress, extended) by the days they have left at now (DaysLeft), under
// DaysLeftBuckets, each present: for an operator's metrics.
func OpenByDaysLeft(ctx context.Context, sql store.SQL, now time.Time) (map[string]int, error) {
	dues, err := store.Column[int64](ctx, sql.Reader(), "rights: count open requests",
		`SELECT due_at FROM rights_requests WHERE status IN (?, ?, ?, ?)`, Received, Verifying, InProgress, Extended)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(DaysLeftBuckets))
	for _, b := range DaysLeftBuckets {
		out[b] = 0
	}
	for _, due := range dues {
		out[daysLeftBucket(DaysLeft(now, time.UnixMicro(due)))]++
	}
	return out, nil
}

func daysLeftBucket(days int) string {
	switch {
	case days <= 0:
		return "overdue"
	case days == 1:
		return "1"
	case days <= EscalateDays:
		return "2-3"
	case days <= 7:
		return "4-7"
	}
	return "8+"
}
