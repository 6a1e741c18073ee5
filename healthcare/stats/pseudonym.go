package stats

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"io"
	"strings"

	"jikimi/errs"
)

// KeySize is the length of a re-identification key.
const KeySize = 32

// Key is the re-identification key: pseudonyms are keyed hashes of subject
// IDs under it, so without it a pseudonym links to no subject, and with it
// the same subject always gets the same pseudonym (a before/after pair
// stays one person's).
type Key struct{ k []byte }

// NewKey draws a fresh key from rand.
func NewKey(rand io.Reader) (Key, error) {
	k := make([]byte, KeySize)
	if _, err := io.ReadFull(rand, k); err != nil {
		return Key{}, errs.Wrap(errs.Internal, err, "stats: draw the re-identification key")
	}
	return Key{k: k}, nil
}

// KeyFrom wraps existing key material (KeySize bytes).
func KeyFrom(b []byte) (Key, error) {
	if len(b) != KeySize {
		return Key{}, errs.E(errs.Invalid, "stats: a re-identification key is %d bytes", KeySize)
	}
	return Key{k: append([]byte(nil), b...)}, nil
}

var pseudoEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Pseudonym is the subject's pseudonym: "ps_" and 26 base32 characters
// (128 bits of HMAC-SHA256 over a domain-separated subject ID).
func (k Key) Pseudonym(subject string) string {
	m := hmac.New(sha256.New, k.k)
	io.WriteString(m, "jikimi stats pseudonym v1|")
	io.WriteString(m, subject)
	return "ps_" + strings.ToLower(pseudoEncoding.EncodeToString(m.Sum(nil)[:16]))
}

// Valid reports whether k holds key material.
func (k Key) Valid() bool { return len(k.k) == KeySize }

// Format never prints the key.
func (Key) Format(f fmt.State, _ rune) { io.WriteString(f, "stats.Key(redacted)") }
