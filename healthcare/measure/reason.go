package measure

import (
	"time"

	"jikimi/errs"
)

// Reason codes the parsers put on an errs.Invalid (errs.Error.Reason).
const (
	UnknownSchema   = "unknown_schema"    // no supported schema, profile or resource type
	SchemaViolation = "schema_violation"  // the document breaks its schema or profile
	OutOfRange      = "out_of_range"      // valid, but no body or device gives it
	FutureTimestamp = "future_timestamp"  // after now plus MaxSkew
	NoEffectiveTime = "no_effective_time" // valid, but says no time it describes
	UnknownCode     = "unknown_code"      // no LOINC code the service takes
	BadUnit         = "bad_unit"          // a unit outside the bound value set
)

// MaxSkew is how far ahead of the server's clock a device's time may run.
const MaxSkew = 5 * time.Minute

// Future reports whether t is beyond now plus MaxSkew.
func Future(t, now time.Time) bool { return t.After(now.Add(MaxSkew)) }

// Reject builds the errs.Invalid for a reason at a JSON path (RFC 6901). The
// message names the source, the reason and the path, never a value.
func Reject(source, reason, path string) *errs.Error {
	if path == "" {
		path = "/"
	}
	return &errs.Error{
		Code:    errs.Invalid,
		Reason:  reason,
		Message: source + ": " + reason + " at " + path,
	}
}

// IsReason reports whether r is one of the reason codes above.
func IsReason(r string) bool {
	switch r {
	case UnknownSchema, SchemaViolation, OutOfRange, FutureTimestamp, NoEffectiveTime, UnknownCode, BadUnit:
		return true
	}
	return false
}
