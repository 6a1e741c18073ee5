package keys

import (
	"strings"

	"jikimi/errs"
)

// Login IDs are 4 to 20 characters.
const (
	minLogin = 4
	maxLogin = 20
)

// NormalizeLogin accepts a login ID (아이디) of 4 to 20 ASCII letters,
// digits and underscores, starting with a letter, after trimming
// surrounding white space, and returns it in lower case: IDs differing only
// in case are the same ID, so no one can register a look-alike of another's.
func NormalizeLogin(value string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	if len(v) < minLogin || len(v) > maxLogin || v[0] < 'a' || v[0] > 'z' || strings.IndexFunc(v, notLoginChar) >= 0 {
		return "", errs.E(errs.Invalid, "malformed login ID (아이디): 4 to 20 letters, digits or _, starting with a letter")
	}
	return v, nil
}

func notLoginChar(r rune) bool { return !(isASCIIAlnum(r) || r == '_') }
