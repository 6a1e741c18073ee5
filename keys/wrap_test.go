package keys

import (
	"bytes"
	"context"
	"testing"

	"jikimi/errs"
)

func TestWrapUnwrapRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, _ := newTestKeyring(t, 1)
	dek, aad := testDEK(t, 5), []byte("subj-1|healthcare|care")
	wrapped, id, err := k.Wrap(ctx, dek, aad)
	if err != nil || id != k.CurrentKEKID() {
		t.Fatalf("Wrap: id %q, %v", id, err)
	}
	if bytes.Contains(wrapped, dek) {
		t.Fatal("wrapped key holds the data key in the clear")
	}
	got, err := k.Unwrap(ctx, wrapped, id, aad)
	if err != nil || !bytes.Equal(got, dek) {
		t.Fatalf("Unwrap = %x, %v", got, err)
	}
}

func TestUnwrapRefuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, _ := newTestKeyring(t, 1)
	other, _ := newTestKeyring(t, 2)
	dek, aad := testDEK(t, 5), []byte("subj-1|healthcare|care")
	wrapped, id, _ := k.Wrap(ctx, dek, aad)
	tests := []struct {
		name    string
		kr      *Keyring
		wrapped []byte
		id      string
		aad     []byte
		message string
	}{
		{"another owner", k, wrapped, id, []byte("subj-2|healthcare|care"), "authentication failed"},
		{"another keyring", other, wrapped, id, aad, "authentication failed"},
		{"unknown KEK", k, wrapped, "kek-1999-01-01-1", aad, `unknown key-encryption key "kek-1999-01-01-1"`},
		{"tampered", k, flipByte(wrapped, 20), id, aad, "authentication failed"},
		{"truncated", k, wrapped[:10], id, aad, "authentication failed"},
		{"empty", k, nil, id, aad, "authentication failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.kr.Unwrap(ctx, tt.wrapped, tt.id, tt.aad)
			if got != nil || errs.Code(err) != errs.Internal || !bytes.Contains([]byte(err.Error()), []byte(tt.message)) {
				t.Fatalf("Unwrap = %x, %v; want internal %q", got, err, tt.message)
			}
			checkNoKeyMaterial(t, k, err.Error())
		})
	}
}

func TestWrapRefusesEmptyKey(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	if _, _, err := k.Wrap(context.Background(), nil, nil); errs.Code(err) != errs.Internal {
		t.Fatalf("err = %v", err)
	}
}
