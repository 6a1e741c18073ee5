// Package errstest is the one assertion tests make on an error's code and
// reason (package errs), in place of a copy in each package's tests.
//
// It is for tests only: production code must never import it.
package errstest

import (
	"errors"
	"testing"

	"jikimi/errs"
)

// Want fails t unless err carries code and, when reason is not empty, that
// reason; an empty code wants no error at all.
func Want(t testing.TB, err error, code, reason string) {
	t.Helper()
	var e *errs.Error
	switch {
	case code == "" && err != nil:
		t.Fatalf("err = %v, want none", err)
	case code == "":
	case errs.Code(err) != code:
		t.Fatalf("err = %v (%s), want %s/%s", err, errs.Code(err), code, reason)
	case reason != "" && (!errors.As(err, &e) || e.Reason != reason):
		t.Fatalf("err = %v, want %s/%s", err, code, reason)
	}
}
