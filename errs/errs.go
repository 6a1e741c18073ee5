// Package errs defines the few error codes Jikimi uses everywhere and maps
// them to HTTP in one place. Messages are safe to show to users: they carry
// opaque IDs, never names, numbers or health values.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Codes.
const (
	Invalid         = "invalid"
	Unauthenticated = "unauthenticated" // no session, or one that ended: sign in (401)
	NotFound        = "not_found"
	Forbidden       = "forbidden"
	Conflict        = "conflict"
	Unavailable     = "unavailable"
	Internal        = "internal"

	// The web edge's own answers about the request's form rather than its content.
	MethodNotAllowed = "method_not_allowed"     // 405
	Unsupported      = "unsupported_media_type" // 415: e.g. a JSON route sent something else
)

// Error is an error with a code and a user-safe message. Reason is an
// optional finer code (for example "consent_missing") for clients and logs.
type Error struct {
	Code    string
	Reason  string
	Message string
	Err     error // internal cause; never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error with a formatted message.
func E(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithReason builds an Error with a finer reason code (for example
// "bad_credentials") and a formatted message.
func WithReason(code, reason, format string, args ...any) *Error {
	e := E(code, format, args...)
	e.Reason = reason
	return e
}

// Wrap builds an Error that keeps an internal cause.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Code returns the code of err, Internal for an error without one, "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// HTTPStatus maps a code to its HTTP status.
func HTTPStatus(code string) int {
	switch code {
	case Invalid:
		return http.StatusBadRequest
	case Unauthenticated:
		return http.StatusUnauthorized
	case NotFound:
		return http.StatusNotFound
	case Forbidden:
		return http.StatusForbidden
	case Conflict:
		return http.StatusConflict
	case Unavailable:
		return http.StatusServiceUnavailable
	case MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case Unsupported:
		return http.StatusUnsupportedMediaType
	case "":
		return http.StatusOK
	}
	return http.StatusInternalServerError
}

// WrapIf wraps a failure of the storage or the system underneath as Internal
// with a message: nil stays nil, and an error that already has a code keeps
// it (a decision or a validation made further down).
func WrapIf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return Wrap(Internal, err, format, args...)
}
