package console

import (
	"errors"

	"jikimi/errs"
)

// refusal is what a form shows again when the domain refused what was
// typed: the screen's Korean sentence for the error's code, then the
// domain's own English message, which names no personal data. An error of
// a code the screen gives no sentence for is not a refusal (ok is false):
// it goes to the error page as any other.
func refusal(err error, korean map[string]string) (msg string, ok bool) {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "", false
	}
	ko, ok := korean[e.Code]
	if !ok {
		return "", false
	}
	return ko + " (" + e.Message + ")", true
}
