package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// fileFormat names the keyring file's layout; Load refuses any other.
const fileFormat = "jikimi-keyring/1"

// fileBody is the keyring file's content. Byte slices are base64 in JSON.
type fileBody struct {
	Format           string    `json:"format"`
	CurrentKEK       string    `json:"current_kek"`
	KEKs             []fileKEK `json:"keks"`
	BlindIndexRoot   []byte    `json:"blind_index_root"`
	SigningKeySeed   []byte    `json:"signing_key_seed"`
	SigningPublicKey []byte    `json:"signing_public_key"` // for operators; checked against the seed
}

type fileKEK struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Key     []byte    `json:"key"`
}

// keyringFile is the file: the body and the SHA-256 of its canonical form
// (the body's compact JSON encoding, fields in the order below), so that a
// flipped or lost byte is caught at load instead of half-used:
//
//	{
//	  "format": "jikimi-keyring/1",
//	  "current_kek": "kek-2026-11-23-2",
//	  "keks": [
//	    {"id": "kek-2026-11-23-1", "created": "2026-11-23T09:30:00Z", "key": "<base64, 32 bytes>"},
//	    {"id": "kek-2026-11-23-2", "created": "2026-11-23T10:00:00Z", "key": "<base64, 32 bytes>"}
//	  ],
//	  "blind_index_root": "<base64, 32 bytes>",
//	  "signing_key_seed": "<base64, Ed25519 seed, 32 bytes>",
//	  "signing_public_key": "<base64, 32 bytes>",
//	  "sha256": "<hex>"
//	}
//
// The checksum guards against accidents, not attackers: whoever can write
// the file can write a matching checksum, which is why it must stay 0600.
type keyringFile struct {
	fileBody
	SHA256 string `json:"sha256"`
}

func (k *Keyring) body() *fileBody {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.bodyLocked()
}

func (k *Keyring) bodyLocked() *fileBody {
	b := &fileBody{Format: fileFormat, CurrentKEK: k.current, BlindIndexRoot: k.blindRoot,
		SigningKeySeed: k.signing.Seed(), SigningPublicKey: k.signing.Public().(ed25519.PublicKey)}
	for _, e := range k.keks {
		b.KEKs = append(b.KEKs, fileKEK{ID: e.id, Created: e.created, Key: e.key})
	}
	return b
}

func checksum(b *fileBody) string {
	canonical, err := json.Marshal(b)
	if err != nil {
		panic("keys: keyring body does not encode: " + err.Error()) // plain data always does
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

func encodeFile(b *fileBody) []byte {
	out, err := json.MarshalIndent(keyringFile{fileBody: *b, SHA256: checksum(b)}, "", "  ")
	if err != nil {
		panic("keys: keyring file does not encode: " + err.Error())
	}
	return append(out, '\n')
}

// parseFile decodes and checks a keyring file. Its errors hold no key bytes.
func parseFile(data []byte) (*Keyring, error) {
	var f keyringFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON document")
	}
	if f.SHA256 != checksum(&f.fileBody) {
		return nil, errors.New("checksum mismatch")
	}
	return f.fileBody.keyring()
}

// jsonError drops the offending character a syntax error quotes, which could
// come from a key.
func jsonError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("not valid JSON at byte %d", syn.Offset)
	}
	if errors.Is(err, io.EOF) {
		return errors.New("empty file")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("truncated")
	}
	return err
}

// keyring checks a body whose checksum matched and builds the Keyring.
func (b *fileBody) keyring() (*Keyring, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	k := &Keyring{current: b.CurrentKEK, blindRoot: b.BlindIndexRoot,
		signing: ed25519.NewKeyFromSeed(b.SigningKeySeed)}
	for _, e := range b.KEKs {
		k.keks = append(k.keks, kek{id: e.ID, created: e.Created, key: e.Key})
	}
	if !bytes.Equal(k.signing.Public().(ed25519.PublicKey), b.SigningPublicKey) {
		return nil, errors.New("signing public key does not match its seed")
	}
	return k, nil
}

func (b *fileBody) check() error {
	switch {
	case b.Format != fileFormat:
		return fmt.Errorf("format %q, want %q", b.Format, fileFormat)
	case len(b.BlindIndexRoot) != DataKeySize:
		return errors.New("blind-index root key is not 32 bytes")
	case len(b.SigningKeySeed) != ed25519.SeedSize:
		return errors.New("signing key seed is not 32 bytes")
	}
	return checkKEKs(b.KEKs, b.CurrentKEK)
}

func checkKEKs(keks []fileKEK, current string) error {
	seen := map[string]bool{}
	for i, e := range keks {
		if e.ID == "" || seen[e.ID] {
			return fmt.Errorf("KEK %d has an empty or repeated ID", i)
		}
		if len(e.Key) != DataKeySize {
			return fmt.Errorf("KEK %q is not 32 bytes", e.ID)
		}
		seen[e.ID] = true
	}
	if !seen[current] {
		return fmt.Errorf("current KEK %q is not in the keyring", current)
	}
	return nil
}
