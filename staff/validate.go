package staff

import (
	"strings"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/input"
)

// normalizeLogin lower-cases a login name and checks its shape: 3 to 64 of
// a-z, 0-9, '.', '_' and '-'.
func normalizeLogin(login string) (string, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if len(login) < 3 || len(login) > 64 || strings.Trim(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		return "", errs.E(errs.Invalid, "staff: a login name is 3 to 64 of a-z, 0-9, '.', '_' and '-'")
	}
	return login, nil
}

// checkText refuses an empty or too long text, or one with control
// characters; what names the field goes into the message, never the text.
func checkText(what, text string, max int) error {
	n := utf8.RuneCountInString(strings.TrimSpace(text))
	if n == 0 || n > max || !input.Line(text) {
		return errs.E(errs.Invalid, "staff: %s must be 1 to %d printable characters", what, max)
	}
	return nil
}

// checkID refuses what cannot be an account ID before it reaches SQL.
func checkID(what, id string) error {
	if !strings.HasPrefix(id, accountPrefix) || len(id) > 64 {
		return errs.E(errs.Invalid, "staff: %s is not an account ID", what)
	}
	return nil
}
