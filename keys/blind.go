package keys

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
)

// BlindIndexer computes keyed blind indexes: look-up values for CI, RRN,
// mobile numbers and e-mail addresses that reveal nothing without the key.
// Each kind has its own key, derived from the keyring's blind-index root key,
// so an index of one kind never matches another. The root key does not
// rotate with the KEKs: changing it would mean re-indexing every subject.
// A BlindIndexer is safe for concurrent use.
type BlindIndexer struct {
	keys map[string][]byte // kind -> HMAC key
}

// blindInfo prefixes the HKDF info of every per-kind key.
const blindInfo = "jikimi blind index "

func newBlindIndexer(root []byte) *BlindIndexer {
	b := &BlindIndexer{keys: make(map[string][]byte, len(normalizers))}
	for kind := range normalizers {
		key, err := hkdf.Key(sha256.New, root, nil, blindInfo+kind, sha256.Size)
		if err != nil {
			panic("keys: HKDF refused a 32-byte key: " + err.Error()) // cannot happen
		}
		b.keys[kind] = key
	}
	return b
}

// Index validates and normalises value as an identifier of kind (see
// Normalize) and returns HMAC-SHA256 of the normalised value under the
// kind's key. Equal identifiers however written give equal indexes.
func (b *BlindIndexer) Index(kind, value string) ([]byte, error) {
	norm, err := Normalize(kind, value)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, b.keys[kind])
	mac.Write([]byte(norm))
	return mac.Sum(nil), nil
}

// Format keeps the keys out of every fmt verb and so out of logs.
func (BlindIndexer) Format(f fmt.State, _ rune) { io.WriteString(f, "keys.BlindIndexer(redacted)") }
