package keys

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/errs"
)

const mismatch = "the keyring does not match this database: refusing to start"

func TestCanary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, path := newTestKeyring(t, 1)
	c, err := NewCanary(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := c.MarshalBinary()
	var back Canary
	if err := back.UnmarshalBinary(stored); err != nil {
		t.Fatal(err)
	}
	if err := CheckCanary(ctx, k, back); err != nil {
		t.Fatalf("own keyring: %v", err)
	}
	if err := k.Rotate(path, clock.NewFake(day), detRand(7)); err != nil {
		t.Fatal(err)
	}
	if err := CheckCanary(ctx, k, back); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	reloaded, _ := Load(path)
	if err := CheckCanary(ctx, reloaded, back); err != nil {
		t.Fatalf("reloaded: %v", err)
	}
}

func TestCanaryDetectsAnotherKeyring(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, _ := newTestKeyring(t, 1)
	other, _ := newTestKeyring(t, 2)
	c, _ := NewCanary(ctx, k)
	otherCanary, _ := NewCanary(ctx, other)
	tests := []struct {
		name string
		c    Canary
	}{
		{"another keyring's canary", otherCanary},
		{"unknown KEK", Canary{KEKID: "kek-1999-01-01-1", Wrapped: c.Wrapped, Sealed: c.Sealed}},
		{"sealed text swapped", Canary{KEKID: c.KEKID, Wrapped: c.Wrapped, Sealed: otherCanary.Sealed}},
		{"sealed text altered", Canary{KEKID: c.KEKID, Wrapped: c.Wrapped, Sealed: flipByte(c.Sealed, 15)}},
		{"empty", Canary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckCanary(ctx, k, tt.c)
			if errs.Code(err) != errs.Internal || !strings.HasPrefix(err.Error(), mismatch) {
				t.Fatalf("CheckCanary = %v; want %q", err, mismatch)
			}
		})
	}
}

// downKMS is a Wrapper whose service cannot be reached.
type downKMS struct{}

func (downKMS) Wrap(context.Context, []byte, []byte) ([]byte, string, error) {
	return nil, "", errs.E(errs.Unavailable, "kms down")
}

func (downKMS) Unwrap(context.Context, []byte, string, []byte) ([]byte, error) {
	return nil, errs.E(errs.Unavailable, "kms down")
}

// liarKMS unwraps everything to another key: a broken Wrapper.
type liarKMS struct{ *Keyring }

func (l liarKMS) Unwrap(context.Context, []byte, string, []byte) ([]byte, error) {
	return make([]byte, DataKeySize), nil
}

func TestCanaryUnavailableIsNotAMismatch(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	c, _ := NewCanary(context.Background(), k)
	if err := CheckCanary(context.Background(), downKMS{}, c); errs.Code(err) != errs.Unavailable {
		t.Fatalf("down KMS: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := CheckCanary(ctx, cancelAware{k}, c); errs.Code(err) != errs.Unavailable || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if _, err := NewCanary(context.Background(), downKMS{}); errs.Code(err) != errs.Unavailable {
		t.Fatalf("NewCanary with a down KMS: %v", err)
	}
}

// cancelAware is a Wrapper that, like a network KMS, fails on a done ctx.
type cancelAware struct{ *Keyring }

func (c cancelAware) Unwrap(ctx context.Context, w []byte, id string, aad []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.Keyring.Unwrap(ctx, w, id, aad)
}

func TestNewCanaryChecksTheWrapper(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	if _, err := NewCanary(context.Background(), liarKMS{k}); !strings.HasPrefix(errString(err), mismatch) {
		t.Fatalf("a Wrapper that cannot read back was accepted: %v", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCanaryUnmarshalRefuses(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	c, _ := NewCanary(context.Background(), k)
	good, _ := c.MarshalBinary()
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"version only", []byte{canaryVersion}},
		{"wrong version", append([]byte{2}, good[1:]...)},
		{"ID length past the end", []byte{canaryVersion, 50, 'k'}},
		{"wrapped length past the end", []byte{canaryVersion, 1, 'k', 90, 1}},
		{"overlong varint", append([]byte{canaryVersion}, bytes.Repeat([]byte{0xff}, 11)...)},
		{"truncated", good[:len(c.KEKID)+3]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Canary
			if err := got.UnmarshalBinary(tt.data); errs.Code(err) != errs.Invalid || err.Error() != "malformed canary" {
				t.Fatalf("UnmarshalBinary = %v", err)
			}
		})
	}
}

func FuzzCanaryUnmarshal(f *testing.F) {
	f.Add([]byte{canaryVersion, 3, 'k', 'e', 'k', 2, 1, 2, 3})
	f.Add([]byte{})
	f.Add([]byte{canaryVersion, 0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Canary
		if err := c.UnmarshalBinary(data); err != nil {
			if errs.Code(err) != errs.Invalid {
				t.Fatalf("err = %v", err)
			}
			return
		}
		again, _ := c.MarshalBinary()
		var back Canary
		if err := back.UnmarshalBinary(again); err != nil || back.KEKID != c.KEKID ||
			!bytes.Equal(back.Wrapped, c.Wrapped) || !bytes.Equal(back.Sealed, c.Sealed) {
			t.Fatalf("round trip lost data: %v", err)
		}
	})
}
