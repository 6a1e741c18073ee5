package keys

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// LinkMAC signs the opaque IDs that links in outgoing mail carry (an
// unsubscribe link), so that only the mail's recipient can use the link
// and an ID alone does nothing. Its key is derived from the keyring's
// blind-index root for one use, named by the info.
type LinkMAC struct{ key []byte }

// LinkMAC returns the signer for one kind of link.
func (k *Keyring) LinkMAC(use string) *LinkMAC {
	k.mu.RLock()
	defer k.mu.RUnlock()
	key, err := hkdf.Key(sha256.New, k.blindRoot, nil, "jikimi link "+use, sha256.Size)
	if err != nil {
		panic("keys: HKDF refused a 32-byte key: " + err.Error()) // cannot happen
	}
	return &LinkMAC{key: key}
}

// Sign answers the link's signature of id (URL-safe base64).
func (m *LinkMAC) Sign(id string) string {
	mac := hmac.New(sha256.New, m.key)
	mac.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Verify reports whether sig is id's signature, in constant time.
func (m *LinkMAC) Verify(id, sig string) bool {
	want, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, m.key)
	mac.Write([]byte(id))
	return hmac.Equal(mac.Sum(nil), want)
}
