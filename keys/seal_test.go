package keys

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"

	"jikimi/errs"
)

func testDEK(t testing.TB, seed uint64) []byte {
	t.Helper()
	dek, err := NewDataKey(detRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return dek
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	dek := testDEK(t, 1)
	tests := []struct {
		name       string
		plain, aad []byte
	}{
		{"text", []byte("synthetic heart rate 72"), []byte("subj-1|healthcare|care")},
		{"empty plaintext", nil, []byte("subj-1")},
		{"empty aad", []byte("x"), nil},
		{"binary", bytes.Repeat([]byte{0, 0xff}, 600), []byte("a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sealed, err := Seal(dek, tt.plain, tt.aad)
			if err != nil {
				t.Fatal(err)
			}
			if len(sealed) != overhead+len(tt.plain) || sealed[0] != sealVersion {
				t.Fatalf("sealed is %d bytes, version %d", len(sealed), sealed[0])
			}
			got, err := Open(dek, sealed, tt.aad)
			if err != nil || !bytes.Equal(got, tt.plain) {
				t.Fatalf("Open = %q, %v", got, err)
			}
		})
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	t.Parallel()
	dek := testDEK(t, 1)
	a, _ := Seal(dek, []byte("same"), nil)
	b, _ := Seal(dek, []byte("same"), nil)
	if bytes.Equal(a[:1+nonceSize], b[:1+nonceSize]) {
		t.Fatal("two seals share a nonce")
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	dek, plain, aad := testDEK(t, 1), []byte("synthetic secret value"), []byte("subj-1|svc|purpose")
	sealed, err := Seal(dek, plain, aad)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte { s := bytes.Clone(sealed); s[i] ^= 0x01; return s }
	tests := []struct {
		name      string
		key, data []byte
		aad       []byte
	}{
		{"wrong aad", dek, sealed, []byte("subj-2|svc|purpose")},
		{"missing aad", dek, sealed, nil},
		{"wrong key", testDEK(t, 2), sealed, aad},
		{"short key", dek[:16], sealed, aad},
		{"flipped version", dek, flip(0), aad},
		{"flipped nonce", dek, flip(1), aad},
		{"flipped ciphertext", dek, flip(1 + nonceSize), aad},
		{"flipped tag", dek, flip(len(sealed) - 1), aad},
		{"truncated", dek, sealed[:len(sealed)-1], aad},
		{"shorter than overhead", dek, sealed[:overhead-1], aad},
		{"empty", dek, nil, aad},
		{"appended byte", dek, append(bytes.Clone(sealed), 0), aad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Open(tt.key, tt.data, tt.aad)
			if errs.Code(err) != errs.Internal || got != nil {
				t.Fatalf("Open = %q, %v; want an internal error", got, err)
			}
			if strings.Contains(err.Error(), string(plain)) {
				t.Fatalf("message leaks plaintext: %v", err)
			}
		})
	}
}

func TestSealRefusesBadKey(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 16, 24, 31, 33} {
		if _, err := Seal(make([]byte, n), []byte("x"), nil); errs.Code(err) != errs.Internal {
			t.Errorf("%d-byte key: err = %v", n, err)
		}
	}
}

func TestNewDataKey(t *testing.T) {
	t.Parallel()
	a, err := NewDataKey(rand.Reader)
	if err != nil || len(a) != DataKeySize {
		t.Fatalf("NewDataKey = %d bytes, %v", len(a), err)
	}
	b, _ := NewDataKey(rand.Reader)
	if bytes.Equal(a, b) {
		t.Fatal("two data keys are equal")
	}
	if _, err := NewDataKey(strings.NewReader("short")); errs.Code(err) != errs.Internal {
		t.Fatalf("short randomness: err = %v", err)
	}
}

func TestZero(t *testing.T) {
	t.Parallel()
	b := []byte{1, 2, 3}
	Zero(b)
	if !bytes.Equal(b, []byte{0, 0, 0}) {
		t.Fatalf("Zero left %v", b)
	}
	Zero(nil)
}

func FuzzOpen(f *testing.F) {
	dek := testDEK(f, 1)
	// Deterministic, so that every fuzzing process knows the same seal.
	sealed, _ := sealWith(detRand(2), dek, []byte("seed plaintext"), []byte("aad"))
	f.Add(sealed, []byte("aad"))
	f.Add([]byte{}, []byte{})
	f.Add([]byte{sealVersion}, []byte("aad"))
	f.Fuzz(func(t *testing.T, data, aad []byte) {
		plain, err := Open(dek, data, aad)
		if err != nil {
			if errs.Code(err) != errs.Internal || plain != nil {
				t.Fatalf("Open = %q, %v", plain, err)
			}
			return
		}
		// Only the one real seal opens: anything else would be a forgery.
		if !bytes.Equal(data, sealed) || string(aad) != "aad" || string(plain) != "seed plaintext" {
			t.Fatalf("forged data opened to %q", plain)
		}
	})
}

func BenchmarkSeal(b *testing.B) {
	dek, plain := testDEK(b, 1), make([]byte, 1024)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		if _, err := Seal(dek, plain, []byte("subj|svc|purpose")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	dek, aad := testDEK(b, 1), []byte("subj|svc|purpose")
	sealed, _ := Seal(dek, make([]byte, 1024), aad)
	b.SetBytes(1024)
	for b.Loop() {
		if _, err := Open(dek, sealed, aad); err != nil {
			b.Fatal(err)
		}
	}
}

// A Sealer set up once seals what Open opens and opens what Seal sealed,
// with a fresh nonce each time, and refuses another record's aad.
func TestSealerMatchesSealAndOpen(t *testing.T) {
	t.Parallel()
	dek := testDEK(t, 3)
	s, err := NewSealer(dek)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Seal([]byte("걸음 8000"), []byte("rec_1"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Seal([]byte("걸음 8000"), []byte("rec_1"))
	if bytes.Equal(a[:1+nonceSize], b[:1+nonceSize]) {
		t.Fatal("two seals of one Sealer share a nonce")
	}
	if got, err := Open(dek, a, []byte("rec_1")); err != nil || string(got) != "걸음 8000" {
		t.Fatalf("Open(Sealer.Seal) = %q, %v", got, err)
	}
	c, _ := Seal(dek, []byte("x"), []byte("rec_2"))
	if got, err := s.Open(c, []byte("rec_2")); err != nil || string(got) != "x" {
		t.Fatalf("Sealer.Open(Seal) = %q, %v", got, err)
	}
	if _, err := s.Open(a, []byte("rec_2")); err == nil {
		t.Fatal("a Sealer opened a record under another record's aad")
	}
	if _, err := NewSealer(dek[:16]); err == nil {
		t.Fatal("NewSealer took a 16-byte key")
	}
}
