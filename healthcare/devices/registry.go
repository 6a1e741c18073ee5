package devices

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"io"
	"strings"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// The service, purpose and event a watch's linkage concerns.
const (
	Service         = "seoul-healthcare"
	DeliveryPurpose = "watch-delivery"
	EventLinked     = "watch_linked"
)

// Config wires a Registry.
type Config struct {
	Vault *vault.Vault
	SQL   store.SQL
	Clock clock.Clock
	Rand  io.Reader // crypto/rand.Reader when nil
}

// Registry links, authenticates and revokes devices. It is safe for
// concurrent use.
type Registry struct{ cfg Config }

// New returns a Registry.
func New(cfg Config) *Registry {
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Registry{cfg: cfg}
}

// Device is a linked watch: opaque IDs only.
type Device struct {
	ID      string
	Subject string
	Linked  time.Time
	Revoked time.Time // zero while in use
}

// tokenHash is what the database keeps of a token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func (r *Registry) random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r.cfg.Rand, b); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "devices: no randomness")
	}
	return b, nil
}

// newCredentials returns a device ID and its token.
func (r *Registry) newCredentials() (id, token string, err error) {
	b, err := r.random(16 + 32)
	if err != nil {
		return "", "", err
	}
	id = "dev_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:16]))
	return id, "jkd_" + base64.RawURLEncoding.EncodeToString(b[16:]), nil
}
