package keys

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"

	"jikimi/errs"
)

// Canary proves that a keyring is the one a database was written with: a
// random key wrapped by the keyring, and a known text sealed under that key.
// The caller stores it at first start and checks it at every later start, so
// the system never writes data it could not read back.
type Canary struct {
	KEKID   string
	Wrapped []byte
	Sealed  []byte
}

var (
	canaryAAD  = []byte("jikimi keyring canary")
	canaryText = []byte("jikimi: this database was written under this keyring")
)

// canaryVersion is the first byte of a marshalled Canary.
const canaryVersion = 1

// NewCanary makes a canary with w and checks it at once, so a Wrapper that
// cannot read back what it writes is caught before anything is stored.
func NewCanary(ctx context.Context, w Wrapper) (Canary, error) {
	dek, err := NewDataKey(rand.Reader)
	if err != nil {
		return Canary{}, err
	}
	defer Zero(dek)
	wrapped, kekID, err := w.Wrap(ctx, dek, canaryAAD)
	if err != nil {
		return Canary{}, err
	}
	sealed, err := Seal(dek, canaryText, canaryAAD)
	if err != nil {
		return Canary{}, err
	}
	c := Canary{KEKID: kekID, Wrapped: wrapped, Sealed: sealed}
	return c, CheckCanary(ctx, w, c)
}

// CheckCanary fails with "the keyring does not match this database: refusing
// to start" (errs.Internal) unless w opens c. A key service that is down or a
// cancelled ctx is errs.Unavailable instead: that is not a mismatch.
func CheckCanary(ctx context.Context, w Wrapper, c Canary) error {
	dek, err := w.Unwrap(ctx, c.Wrapped, c.KEKID, canaryAAD)
	if err != nil {
		return canaryError(ctx, err)
	}
	defer Zero(dek)
	plain, err := Open(dek, c.Sealed, canaryAAD)
	if err == nil && !bytes.Equal(plain, canaryText) {
		err = errors.New("canary text differs")
	}
	if err != nil {
		return canaryError(ctx, err)
	}
	return nil
}

func canaryError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errs.Code(err) == errs.Unavailable {
		return errs.Wrap(errs.Unavailable, err, "keyring check: key service unavailable")
	}
	return errs.Wrap(errs.Internal, err, "the keyring does not match this database: refusing to start")
}

// MarshalBinary encodes c as version byte, then KEK ID and wrapped key each
// preceded by its length as a uvarint, then the sealed text.
func (c Canary) MarshalBinary() ([]byte, error) {
	out := []byte{canaryVersion}
	out = binary.AppendUvarint(out, uint64(len(c.KEKID)))
	out = append(out, c.KEKID...)
	out = binary.AppendUvarint(out, uint64(len(c.Wrapped)))
	out = append(out, c.Wrapped...)
	return append(out, c.Sealed...), nil
}

// UnmarshalBinary decodes what MarshalBinary made; anything else is
// errs.Invalid "malformed canary".
func (c *Canary) UnmarshalBinary(data []byte) error {
	if len(data) == 0 || data[0] != canaryVersion {
		return errs.E(errs.Invalid, "malformed canary")
	}
	id, rest, ok := cutLengthPrefixed(data[1:])
	wrapped, sealed, ok2 := cutLengthPrefixed(rest)
	if !ok || !ok2 {
		return errs.E(errs.Invalid, "malformed canary")
	}
	*c = Canary{KEKID: string(id), Wrapped: bytes.Clone(wrapped), Sealed: bytes.Clone(sealed)}
	return nil
}

// cutLengthPrefixed splits off a uvarint length and that many bytes.
func cutLengthPrefixed(b []byte) (field, rest []byte, ok bool) {
	n, size := binary.Uvarint(b)
	if size <= 0 || n > uint64(len(b)-size) {
		return nil, nil, false
	}
	return b[size : size+int(n)], b[size+int(n):], true
}
