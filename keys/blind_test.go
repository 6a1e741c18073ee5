package keys

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"jikimi/errs"
)

func TestBlindIndexEquivalences(t *testing.T) {
	t.Parallel()
	b := newBlindIndexer(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name, kind string
		spellings  []string
	}{
		{"mobile", KindMobile, []string{"010-1234-5678", "01012345678", "+82 10 1234 5678", " 010 1234-5678 ", "+82-010-1234-5678"}},
		{"rrn", KindRRN, []string{"900101-1234567", "9001011234567", " 900101-1234567"}},
		{"email", KindEmail, []string{"Hong@Example.com", "hong@example.com", " HONG@EXAMPLE.COM\t"}},
		{"ci", KindCI, []string{ciA, " " + ciA}},
		{"login", KindLogin, []string{"Demo01", "demo01", " DEMO01 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			first, err := b.Index(tt.kind, tt.spellings[0])
			if err != nil || len(first) != sha256.Size {
				t.Fatalf("Index = %x, %v", first, err)
			}
			for _, s := range tt.spellings[1:] {
				if got, err := b.Index(tt.kind, s); err != nil || !bytes.Equal(got, first) {
					t.Errorf("spelling %q indexes differently (%v)", s, err)
				}
			}
		})
	}
}

func TestBlindIndexSeparates(t *testing.T) {
	t.Parallel()
	k1, _ := newTestKeyring(t, 1)
	k2, _ := newTestKeyring(t, 2)
	b1, b2 := k1.BlindIndexer(), k2.BlindIndexer()
	a, _ := b1.Index(KindMobile, "010-1234-5678")
	tests := []struct {
		name string
		b    *BlindIndexer
		kind string
		v    string
		same bool
	}{
		{"deterministic", k1.BlindIndexer(), KindMobile, "01012345678", true},
		{"another number", b1, KindMobile, "010-1234-5679", false},
		{"another keyring", b2, KindMobile, "010-1234-5678", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.b.Index(tt.kind, tt.v)
			if err != nil || bytes.Equal(got, a) != tt.same {
				t.Fatalf("equal = %v, want %v (%v)", bytes.Equal(got, a), tt.same, err)
			}
		})
	}
}

// No two kinds share a key, so the same normalised text indexes differently.
func TestBlindIndexKindsHaveTheirOwnKeys(t *testing.T) {
	t.Parallel()
	b := newBlindIndexer(bytes.Repeat([]byte{7}, 32))
	seen := map[string]string{}
	for kind, key := range b.keys {
		if other, dup := seen[string(key)]; dup {
			t.Fatalf("%s and %s share a key", kind, other)
		}
		seen[string(key)] = kind
	}
	if len(seen) != len(normalizers) {
		t.Fatalf("%d keys for %d kinds", len(seen), len(normalizers))
	}
}

// The index format is fixed forever once data is stored: this computes it
// independently (RFC 5869 HKDF by hand, salt empty) and compares.
func TestBlindIndexKnownAnswer(t *testing.T) {
	t.Parallel()
	root := bytes.Repeat([]byte{7}, 32)
	mac := func(key []byte, parts ...[]byte) []byte {
		m := hmac.New(sha256.New, key)
		for _, p := range parts {
			m.Write(p)
		}
		return m.Sum(nil)
	}
	prk := mac(make([]byte, sha256.Size), root)
	kindKey := mac(prk, []byte("jikimi blind index mobile"), []byte{1})
	want := mac(kindKey, []byte("01012345678"))
	got, err := newBlindIndexer(root).Index(KindMobile, "+82 10-1234-5678")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Index = %s, want %s (%v)", hex.EncodeToString(got), hex.EncodeToString(want), err)
	}
}

func TestBlindIndexRefuses(t *testing.T) {
	t.Parallel()
	b := newBlindIndexer(bytes.Repeat([]byte{7}, 32))
	tests := []struct{ name, kind, value string }{
		{"unknown kind", "name", "홍길동"},
		{"bad CI", KindCI, "short"},
		{"bad RRN date", KindRRN, "901301-1234567"},
		{"bad mobile", KindMobile, "02-123-4567"},
		{"bad email", KindEmail, "nobody"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := b.Index(tt.kind, tt.value)
			if got != nil || errs.Code(err) != errs.Invalid || bytes.Contains([]byte(err.Error()), []byte(tt.value)) {
				t.Fatalf("Index = %x, %v", got, err)
			}
		})
	}
}

func BenchmarkBlindIndex(b *testing.B) {
	ix := newBlindIndexer(bytes.Repeat([]byte{7}, 32))
	for b.Loop() {
		if _, err := ix.Index(KindMobile, "010-1234-5678"); err != nil {
			b.Fatal(err)
		}
	}
}
