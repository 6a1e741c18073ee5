package keys

import (
	"context"

	"jikimi/errs"
)

// Wrapper seals data keys under a key-encryption key. *Keyring implements it
// from the keyring file; an outside KMS can implement it too.
type Wrapper interface {
	// Wrap seals a data key under the current KEK; aad binds it to its owner (e.g. subject|service|purpose).
	Wrap(ctx context.Context, dek, aad []byte) (wrapped []byte, kekID string, err error)
	Unwrap(ctx context.Context, wrapped []byte, kekID string, aad []byte) ([]byte, error)
}

var _ Wrapper = (*Keyring)(nil)

// Wrap seals dek under the current KEK with AES-256-GCM, in Seal's format
// (version byte, random 96-bit nonce, ciphertext and tag), bound to aad.
func (k *Keyring) Wrap(_ context.Context, dek, aad []byte) ([]byte, string, error) {
	if len(dek) == 0 {
		return nil, "", errs.E(errs.Internal, "wrap: empty data key")
	}
	cur := k.currentKEK()
	wrapped, err := Seal(cur.key, dek, aad)
	if err != nil {
		return nil, "", err
	}
	return wrapped, cur.id, nil
}

// Unwrap opens a data key wrapped under the KEK named kekID, which need not
// be the current one. An unknown KEK or a failed authentication (another
// keyring, another owner's aad, altered bytes) is errs.Internal.
func (k *Keyring) Unwrap(_ context.Context, wrapped []byte, kekID string, aad []byte) ([]byte, error) {
	kek, ok := k.kekByID(kekID)
	if !ok {
		return nil, errs.E(errs.Internal, "unwrap: unknown key-encryption key %q", kekID)
	}
	dek, err := Open(kek.key, wrapped, aad)
	if err != nil {
		return nil, errs.E(errs.Internal,
			"unwrap: authentication failed under key-encryption key %q (wrong keyring, wrong owner or altered data)", kekID)
	}
	return dek, nil
}
