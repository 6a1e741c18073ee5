package rights

import (
	"math"
	"time"
)

// Seoul is the time zone the deadlines are counted in: the service's,
// whatever the server's.
var Seoul = time.FixedZone("KST", 9*60*60)

// Days is how long a request may wait for its result: 10 days for access
// (Act 35(3), Decree 41(4)), correction and deletion (Decree 43(3)),
// suspension (Decree 44(2)) and, as the seeds promise, an objection.
const Days = 10

// ExtensionDays is how much later one extension notice may move the due
// date (Act 35(3) lets access be deferred for a justified reason; this
// service allows it once, for every kind, by at most this many days).
const ExtensionDays = 10

// EscalateDays: a request with this many days left or fewer goes to the
// privacy officer's attention.
const EscalateDays = 3

// DueAt is when a request received at t must have its result. The reading
// of "within 10 days" (10일 이내): days are counted as the Civil Act counts
// them (Act 35(3) sets no rule of its own) — the day of receipt is not
// counted (Civil Act 157), the period ends when the 10th day after it ends,
// at midnight in Seoul (Civil Act 159). Civil Act 161 would move an end
// falling on a Saturday or public holiday to the next working day; this
// service does not take that extra time, so its deadline is never later
// than the law's. The answer must be sent before DueAt.
func DueAt(received time.Time) time.Time {
	y, m, d := received.In(Seoul).Date()
	return time.Date(y, m, d+Days+1, 0, 0, 0, 0, Seoul).UTC()
}

// extendedDue is the due date after one extension.
func extendedDue(due time.Time) time.Time {
	l := due.In(Seoul)
	return time.Date(l.Year(), l.Month(), l.Day()+ExtensionDays, 0, 0, 0, 0, Seoul).UTC()
}

// DaysLeft is how many whole days (in Seoul) remain before due, counting
// today: 1 on the last day, 0 or less once it has passed.
func DaysLeft(now, due time.Time) int {
	y, m, d := now.In(Seoul).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, Seoul)
	return int(math.Round(due.Sub(today).Hours() / 24))
}
