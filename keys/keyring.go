package keys

import (
	"crypto/ed25519"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
)

// Keyring holds the key-encryption keys (KEKs), the blind-index root key and
// the audit log's Ed25519 signing key, as read from a keyring file. It is
// safe for concurrent use, rotation included.
type Keyring struct {
	mu        sync.RWMutex
	keks      []kek // oldest first
	current   string
	blindRoot []byte
	signing   ed25519.PrivateKey
}

// kek is one key-encryption key. Its bytes never change once made.
type kek struct {
	id      string
	created time.Time
	key     []byte
}

// Generate creates a new keyring with one KEK and writes it to path with mode
// 0600. It refuses to overwrite an existing file (errs.Conflict).
func Generate(path string, clk clock.Clock, rand io.Reader) (*Keyring, error) {
	if err := refuseExisting(path); err != nil {
		return nil, err
	}
	k, err := newKeyring(clk, rand)
	if err != nil {
		return nil, err
	}
	if err := writeKeyring(path, k.body(), false); err != nil {
		return nil, err
	}
	return k, nil
}

// LoadOrGenerate loads the keyring at path, or generates one there if there
// is none: for a first start and the demo. A file that exists but does not
// load is an error, never replaced.
func LoadOrGenerate(path string, clk clock.Clock, rand io.Reader) (*Keyring, error) {
	k, err := Load(path)
	if errs.Code(err) != errs.NotFound {
		return k, err
	}
	k, err = Generate(path, clk, rand)
	if errs.Code(err) == errs.Conflict { // another process generated it first
		return Load(path)
	}
	return k, err
}

func newKeyring(clk clock.Clock, rand io.Reader) (*Keyring, error) {
	first, err := newKEK(nil, clk, rand)
	if err != nil {
		return nil, err
	}
	root, err := NewDataKey(rand)
	if err != nil {
		return nil, err
	}
	seed, err := NewDataKey(rand)
	if err != nil {
		return nil, err
	}
	return &Keyring{keks: []kek{first}, current: first.id, blindRoot: root,
		signing: ed25519.NewKeyFromSeed(seed)}, nil
}

// newKEK makes a KEK whose ID is kek-YYYY-MM-DD-N, N counting the KEKs
// already made that day from 1.
func newKEK(existing []kek, clk clock.Clock, rand io.Reader) (kek, error) {
	key, err := NewDataKey(rand)
	if err != nil {
		return kek{}, err
	}
	now := clk.Now().UTC().Truncate(time.Second)
	for n := 1; ; n++ {
		id := fmt.Sprintf("kek-%s-%d", now.Format(time.DateOnly), n)
		if !slices.ContainsFunc(existing, func(e kek) bool { return e.id == id }) {
			return kek{id: id, created: now, key: key}, nil
		}
	}
}

// Rotate adds a new current KEK and atomically rewrites the keyring file at
// path. Older KEKs stay, so data keys wrapped under them still unwrap while
// new ones are wrapped under the new KEK: rotation needs no downtime. If the
// file cannot be written, the keyring is left as it was.
func (k *Keyring) Rotate(path string, clk clock.Clock, rand io.Reader) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	next, err := newKEK(k.keks, clk, rand)
	if err != nil {
		return err
	}
	rotated := *k.bodyLocked()
	rotated.KEKs = append(rotated.KEKs, fileKEK{ID: next.id, Created: next.created, Key: next.key})
	rotated.CurrentKEK = next.id
	if err := writeKeyring(path, &rotated, true); err != nil {
		return err
	}
	k.keks = append(slices.Clip(k.keks), next)
	k.current = next.id
	return nil
}

// CurrentKEKID names the KEK that new data keys are wrapped under.
func (k *Keyring) CurrentKEKID() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}

// kekByID returns the KEK with the given ID.
func (k *Keyring) kekByID(id string) (kek, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.findLocked(id)
}

// currentKEK returns the KEK new data keys are wrapped under.
func (k *Keyring) currentKEK() kek {
	k.mu.RLock()
	defer k.mu.RUnlock()
	cur, _ := k.findLocked(k.current) // Load and Rotate keep it present
	return cur
}

func (k *Keyring) findLocked(id string) (kek, bool) {
	i := slices.IndexFunc(k.keks, func(e kek) bool { return e.id == id })
	if i < 0 {
		return kek{}, false
	}
	return k.keks[i], true
}

// BlindIndexer returns the indexer keyed by this keyring's blind-index root.
func (k *Keyring) BlindIndexer() *BlindIndexer {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return newBlindIndexer(k.blindRoot)
}

// SigningKey returns a copy of the Ed25519 key that signs audit checkpoints.
func (k *Keyring) SigningKey() ed25519.PrivateKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return slices.Clone(k.signing)
}

// PublicKey returns the key an outside auditor verifies checkpoints with.
func (k *Keyring) PublicKey() ed25519.PublicKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return slices.Clone(k.signing.Public().(ed25519.PublicKey))
}

// Format keeps key material out of every fmt verb and so out of logs.
func (*Keyring) Format(f fmt.State, _ rune) { io.WriteString(f, "keys.Keyring(redacted)") }
