package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"jikimi/errs"
)

// Trust is the list of public keys whose checkpoints verify, each for a
// period: a checkpoint verifies when a key trusted at its signing time
// signed it. Rotating the signing key ends the old key's period and starts
// the new one's, so old checkpoints still verify and the old key cannot sign
// new ones. The file form is one key a line in the signed-note verifier-key
// form (<name>+<hash>+<base64 key>, what note.NewVerifier reads), optionally
// followed by from=RFC3339 and until=RFC3339; '#' starts a comment.
type Trust struct {
	keys []TrustedKey
}

// TrustedKey is one verifier key and the period it is trusted for; a zero
// From or Until leaves that side open.
type TrustedKey struct {
	VKey        string
	From, Until time.Time
	v           note.Verifier
}

// TrustKey trusts one Ed25519 key for all time under KeyName.
func TrustKey(pub ed25519.PublicKey) (*Trust, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errs.E(errs.Invalid, "audit: the public key is not an Ed25519 key")
	}
	vkey, err := note.NewEd25519VerifierKey(KeyName, pub)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "audit: the public key")
	}
	t := &Trust{}
	return t, t.Add(vkey, time.Time{}, time.Time{})
}

// Add trusts vkey from from until until (zero: open).
func (t *Trust) Add(vkey string, from, until time.Time) error {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "audit: not a signed-note verifier key")
	}
	if !until.IsZero() && !from.IsZero() && !until.After(from) {
		return errs.E(errs.Invalid, "audit: key %s: its period ends before it starts", v.Name())
	}
	t.keys = append(t.keys, TrustedKey{VKey: vkey, From: from.UTC(), Until: until.UTC(), v: v})
	return nil
}

// End closes the open periods of every key trusted at at, as a rotation does.
func (t *Trust) End(at time.Time) {
	for i, k := range t.keys {
		if k.Until.IsZero() && !k.From.After(at) {
			t.keys[i].Until = at.UTC()
		}
	}
}

// ParseTrust reads a trusted-keys file.
func ParseTrust(b []byte) (*Trust, error) {
	t := &Trust{}
	for i, line := range strings.Split(string(b), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var period [2]time.Time
		for _, opt := range f[1:] {
			k, v, _ := strings.Cut(opt, "=")
			at, err := time.Parse(time.RFC3339, v)
			j := map[string]int{"from": 1, "until": 2}[k]
			if err != nil || j == 0 {
				return nil, errs.E(errs.Invalid, "audit: trusted keys line %d: want from=RFC3339 or until=RFC3339 after the key", i+1)
			}
			period[j-1] = at
		}
		if err := t.Add(f[0], period[0], period[1]); err != nil {
			return nil, errs.E(errs.Invalid, "audit: trusted keys line %d: %v", i+1, err)
		}
	}
	if len(t.keys) == 0 {
		return nil, errs.E(errs.Invalid, "audit: the trusted keys file names no key")
	}
	return t, nil
}

// Marshal is the trusted-keys file.
func (t *Trust) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# Keys whose checkpoints of the jikimi access log verify, each for its period (RFC 3339).\n")
	for _, k := range t.keys {
		b.WriteString(k.VKey)
		if !k.From.IsZero() {
			fmt.Fprintf(&b, " from=%s", k.From.Format(time.RFC3339))
		}
		if !k.Until.IsZero() {
			fmt.Fprintf(&b, " until=%s", k.Until.Format(time.RFC3339))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Verifiers is the keys as note verifiers, each once.
func (t *Trust) Verifiers() note.Verifiers {
	seen := map[string]bool{}
	var vs []note.Verifier
	for _, k := range t.keys {
		if !seen[k.VKey] {
			seen[k.VKey] = true
			vs = append(vs, k.v)
		}
	}
	return note.VerifierList(vs...)
}

// Checkpoint verifies a checkpoint note: signed by a key trusted at the
// time it states. Signatures by other keys (a witness's) are ignored.
func (t *Trust) Checkpoint(b []byte) (*Checkpoint, error) {
	if t == nil || len(t.keys) == 0 {
		return nil, errs.E(errs.Invalid, "audit: no trusted key to verify checkpoints with")
	}
	n, err := openNote(b, t.Verifiers())
	if err != nil {
		return nil, err
	}
	cp, err := ParseCheckpointText(n.Text)
	if err != nil {
		return nil, err
	}
	if !t.trustedAt(n.Sigs, cp.Time) {
		return nil, errs.E(errs.Invalid, "audit: checkpoint %d was signed at %s by a key not trusted then", cp.Size, cp.Time.Format(time.RFC3339))
	}
	cp.Note = bytes.Clone(b)
	return cp, nil
}

// trustedAt reports whether one of sigs is by a key trusted at at.
func (t *Trust) trustedAt(sigs []note.Signature, at time.Time) bool {
	for _, s := range sigs {
		for _, k := range t.keys {
			if k.v.Name() == s.Name && k.v.KeyHash() == s.Hash &&
				(k.From.IsZero() || !at.Before(k.From)) && (k.Until.IsZero() || at.Before(k.Until)) {
				return true
			}
		}
	}
	return false
}

// SigningKey is the log's private signing key in the signed-note form
// (PRIVATE+KEY+<name>+<hash>+<base64>), as its file holds it.
type SigningKey struct {
	Signer note.Signer
	SKey   string
	VKey   string
}

// GenerateSigningKey makes a new signing key named KeyName.
func GenerateSigningKey(r io.Reader) (*SigningKey, error) {
	if r == nil {
		r = rand.Reader
	}
	skey, _, err := note.GenerateKey(r, KeyName)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: generate a signing key")
	}
	return ParseSigningKey([]byte(skey))
}

// SigningKeyFrom is the signed-note form of an Ed25519 key (the keyring's
// older access-log key).
func SigningKeyFrom(key ed25519.PrivateKey) (*SigningKey, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, errs.E(errs.Invalid, "audit: no Ed25519 signing key to sign checkpoints with")
	}
	vkey, err := note.NewEd25519VerifierKey(KeyName, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: the signing key")
	}
	parts := strings.SplitN(vkey, "+", 3) // name, hash, base64(0x01 || public key)
	skey := "PRIVATE+KEY+" + KeyName + "+" + parts[1] + "+" + base64.StdEncoding.EncodeToString(append([]byte{1}, key.Seed()...))
	return ParseSigningKey([]byte(skey))
}

// ParseSigningKey reads a signing key file.
func ParseSigningKey(b []byte) (*SigningKey, error) {
	skey := strings.TrimSpace(string(b))
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, errs.E(errs.Invalid, "audit: not a signed-note private key (PRIVATE+KEY+<name>+<hash>+<key>)")
	}
	// The verifier key is derived from the seed, the key's last part.
	seed, _ := base64.StdEncoding.DecodeString(strings.SplitN(skey, "+", 5)[4]) // NewSigner checked the five parts
	if len(seed) != 1+ed25519.SeedSize || seed[0] != 1 {
		return nil, errs.E(errs.Invalid, "audit: the signing key is not an Ed25519 key")
	}
	pub := ed25519.NewKeyFromSeed(seed[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "audit: the signing key")
	}
	return &SigningKey{Signer: s, SKey: skey, VKey: vkey}, nil
}

// Marshal is the signing key file (keep it 0600, outside the data folder).
func (k *SigningKey) Marshal() []byte { return []byte(k.SKey + "\n") }
