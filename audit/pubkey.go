package audit

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"

	"jikimi/errs"
)

// MarshalPublicKey is the public key file an auditor receives: PEM of the
// PKIX encoding, which openssl and most tools read.
func MarshalPublicKey(pub ed25519.PublicKey) []byte {
	der, _ := x509.MarshalPKIXPublicKey(pub) // an Ed25519 key always marshals
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// ParsePublicKey reads a file written by MarshalPublicKey.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errs.E(errs.Invalid, "audit: not a PEM public key file")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return nil, errs.E(errs.Invalid, "audit: the public key file does not hold an Ed25519 key")
	}
	return pub, nil
}
