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
	PastTimestamp   = "past_timestamp"    // before Floor: no device or check-up of the programme says so
	NoEffectiveTime = "no_effective_time" // valid, but says no time it describes
	UnknownCode     = "unknown_code"      // no LOINC code the service takes
	UndeclaredItem  = "undeclared_item"   // a code the service knows, of no item the policy declares
	BadUnit         = "bad_unit"          // a unit outside the bound value set
)

// MaxSkew is how far ahead of the server's clock a device's time may run.
const MaxSkew = 5 * time.Minute

// Future reports whether t is beyond now plus MaxSkew.
func Future(t, now time.Time) bool { return t.After(now.Add(MaxSkew)) }

// Floor is the earliest time a measurement may describe: a device's
// unset clock (year 1, 1970) or a typing slip is not a record of the
// person's health. No wearable the programme takes, and no check-up it
// imports, predates it.
var Floor = time.Date(2000, 1, 1, 0, 0, 0, 0, Seoul)

// Past reports whether t is before Floor.
func Past(t time.Time) bool { return t.Before(Floor) }

// Implausible is the reason a measurement's time is refused for, or ""
// when it is neither before Floor nor beyond now plus MaxSkew: the one
// check every parser of measurement times calls.
func Implausible(t, now time.Time) string {
	switch {
	case Past(t):
		return PastTimestamp
	case Future(t, now):
		return FutureTimestamp
	}
	return ""
}

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
	case UnknownSchema, SchemaViolation, OutOfRange, FutureTimestamp, PastTimestamp, NoEffectiveTime, UnknownCode, UndeclaredItem, BadUnit:
		return true
	}
	return false
}
