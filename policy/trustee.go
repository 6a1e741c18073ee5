package policy

import "time"

// Contract states of a trustee on a given day.
const (
	ContractActive  = "active"
	ContractExpired = "expired" // the contract ended: the trustee may no longer process (flag it)
	ContractFuture  = "future"  // not started yet
)

// Contract says where a trustee's contract stands on day (a date in
// Korea; the contract runs From through To inclusive, an open To never
// ends).
func (t *Trustee) Contract(day time.Time) string {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case !t.From.IsZero() && d.Before(t.From.Time):
		return ContractFuture
	case !t.To.IsZero() && d.After(t.To.Time):
		return ContractExpired
	}
	return ContractActive
}
