package staff

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"

	"jikimi/errs"
)

// The person reference (employee number) identifies a person, so it is kept
// as a keyed hash, never in plaintext: HMAC-SHA256 under the staff
// person-index key, which is stored wrapped by the key-encryption key. A
// keyed hash rather than a sealed value, because the database must enforce
// "one account per person" with a unique index and nothing ever needs the
// number back; keyed rather than plain, because employee numbers are few
// enough to hash them all.

// normalizePerson trims and upper-cases an employee number and checks its
// shape: 1 to 32 ASCII letters, digits and hyphens.
func normalizePerson(ref string) (string, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if ref == "" || len(ref) > 32 || strings.Trim(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
		return "", errs.E(errs.Invalid, "staff: the person reference must be 1 to 32 letters, digits or hyphens")
	}
	return ref, nil
}

// personIndex is the keyed hash stored for a normalised reference.
func personIndex(key []byte, ref string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(ref))
	return mac.Sum(nil)
}
