// Package ids makes the opaque IDs Jikimi gives what it keeps: a prefix
// naming the kind of thing (sub_, cns_, stf_, case_, ...) and 128 random
// bits as 26 lower-case base32 characters, so that an ID says nothing about
// what it names and cannot be guessed.
//
// It must never derive an ID from personal data or from the time; IDs that
// must sort in the order they were made (the vault's record IDs) are made
// where that order is kept.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"io"
	"strings"

	"jikimi/errs"
)

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// New returns prefix and 128 bits read from r (crypto/rand when nil).
func New(r io.Reader, prefix string) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", errs.Wrap(errs.Internal, err, "no randomness for an ID")
	}
	return prefix + strings.ToLower(encoding.EncodeToString(b[:])), nil
}

// Random is New from crypto/rand, which never fails.
func Random(prefix string) string {
	id, err := New(nil, prefix)
	if err != nil {
		panic(err) // crypto/rand.Read does not return errors (Go 1.24)
	}
	return id
}
