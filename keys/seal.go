package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"

	"jikimi/errs"
)

// DataKeySize is the size of data keys and key-encryption keys: AES-256.
const DataKeySize = 32

// sealVersion is the first byte of everything Seal produces, so the format
// can change without guessing.
const sealVersion = 1

const nonceSize = 12 // 96-bit GCM nonce, random per message

// overhead is what Seal adds to a plaintext: version, nonce and GCM tag.
const overhead = 1 + nonceSize + 16

// NewDataKey returns a fresh 32-byte data key read from rand.
func NewDataKey(rand io.Reader) ([]byte, error) {
	dek := make([]byte, DataKeySize)
	if _, err := io.ReadFull(rand, dek); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "new data key: no randomness")
	}
	return dek, nil
}

// Seal encrypts plaintext under dek with AES-256-GCM and binds it to aad.
// The result is version byte | 12-byte random nonce | ciphertext and tag.
// Random nonces keep a key safe for about 2^32 messages, far more than one
// subject's data for one purpose ever needs.
func Seal(dek, plaintext, aad []byte) ([]byte, error) {
	return sealWith(rand.Reader, dek, plaintext, aad)
}

func sealWith(rand io.Reader, key, plaintext, aad []byte) ([]byte, error) {
	s, err := NewSealer(key)
	if err != nil {
		return nil, err
	}
	return s.seal(rand, plaintext, aad)
}

// Open decrypts what Seal produced. Tampered data, a wrong key or a wrong
// aad all fail the same way, with a message that holds no data.
func Open(dek, sealed, aad []byte) ([]byte, error) {
	s, err := NewSealer(dek)
	if err != nil {
		return nil, err
	}
	return s.Open(sealed, aad)
}

// Sealer is Seal and Open under one key with the cipher set up once, for the
// many records of a batch under one data key. It is safe for concurrent use.
type Sealer struct{ aead cipher.AEAD }

// NewSealer sets up AES-256-GCM under dek.
func NewSealer(dek []byte) (*Sealer, error) {
	aead, err := newGCM(dek)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal is Seal under the Sealer's key.
func (s *Sealer) Seal(plaintext, aad []byte) ([]byte, error) {
	return s.seal(rand.Reader, plaintext, aad)
}

func (s *Sealer) seal(rand io.Reader, plaintext, aad []byte) ([]byte, error) {
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = sealVersion
	if _, err := io.ReadFull(rand, out[1:]); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "seal: no randomness for the nonce")
	}
	return s.aead.Seal(out, out[1:], plaintext, aad), nil
}

// Open is Open under the Sealer's key.
func (s *Sealer) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < overhead || sealed[0] != sealVersion {
		return nil, errs.E(errs.Internal, "open: malformed sealed data")
	}
	nonce, ct := sealed[1:1+nonceSize], sealed[1+nonceSize:]
	plain, err := s.aead.Open(nil, nonce, ct, aad)
	if err != nil {
		return nil, errs.E(errs.Internal, "open: authentication failed (wrong key, wrong owner or tampered data)")
	}
	return plain, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != DataKeySize {
		return nil, errs.E(errs.Internal, "key must be %d bytes", DataKeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "aes")
	}
	return cipher.NewGCM(block)
}

// Zero overwrites b with zeros. It is best effort: the Go runtime may have
// copied the bytes elsewhere, but a key no longer needed should not linger
// in the buffers we own.
func Zero(b []byte) { clear(b) }
