package errstest

import (
	"errors"
	"fmt"
	"testing"

	"jikimi/errs"
)

// recorder is a testing.TB that records whether the assertion failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestWant(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("context: %w", errs.WithReason(errs.Conflict, "taken", "taken"))
	for name, c := range map[string]struct {
		err          error
		code, reason string
		fails        bool
	}{
		"no error wanted":           {nil, "", "", false},
		"an error, none wanted":     {errs.E(errs.Invalid, "x"), "", "", true},
		"the code, any reason":      {wrapped, errs.Conflict, "", false},
		"the code and reason":       {wrapped, errs.Conflict, "taken", false},
		"another reason":            {wrapped, errs.Conflict, "other", true},
		"another code":              {wrapped, errs.Invalid, "", true},
		"no error, one wanted":      {nil, errs.NotFound, "", true},
		"a plain error is internal": {errors.New("boom"), errs.Internal, "", false},
	} {
		r := &recorder{TB: t}
		Want(r, c.err, c.code, c.reason)
		if r.failed != c.fails {
			t.Errorf("%s: failed %v, want %v", name, r.failed, c.fails)
		}
	}
}
