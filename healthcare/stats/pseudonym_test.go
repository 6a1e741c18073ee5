package stats

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"

	"jikimi/vault/vaulttest"
)

func newKey(t *testing.T) Key {
	t.Helper()
	k, err := NewKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// The same key gives a subject the same pseudonym every time; another key
// gives an unrelated one; the pseudonym contains nothing of the subject ID.
func TestPseudonymStableAndUnlinkable(t *testing.T) {
	k1, k2 := newKey(t), newKey(t)
	subject := "sub_abcdefghijklmnopqrstuvwxyz"
	p := k1.Pseudonym(subject)
	if p != k1.Pseudonym(subject) {
		t.Fatal("pseudonym not stable under one key")
	}
	if p == k2.Pseudonym(subject) {
		t.Fatal("two keys gave one pseudonym")
	}
	if p == k1.Pseudonym(subject+"x") {
		t.Fatal("two subjects gave one pseudonym")
	}
	if strings.Contains(p, strings.TrimPrefix(subject, "sub_")[:8]) || !strings.HasPrefix(p, "ps_") || len(p) != 29 {
		t.Fatalf("pseudonym %q", p)
	}
	// Without the key, pseudonyms of related IDs share no more than chance:
	// across many neighbours, no position repeats most of the time.
	same := 0
	for i := range 200 {
		a, b := k1.Pseudonym(subject+string(rune('a'+i%26))+"0"), k1.Pseudonym(subject+string(rune('a'+i%26))+"1")
		for j := 3; j < len(a); j++ {
			if a[j] == b[j] {
				same++
			}
		}
	}
	if same > 200*26/8 { // chance is 1/32 per position
		t.Fatalf("neighbouring IDs share %d pseudonym characters", same)
	}
	if s := sprint(k1); strings.Contains(s, "0x") || !strings.Contains(s, "redacted") {
		t.Fatalf("key prints as %q", s)
	}
}

// The key is stored wrapped, once per service, and read back the same by a
// later start.
func TestLoadKeyPersistsWrapped(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		k1, err := LoadKey(ctx, e.SQL(), e.Ring, service, rand.Reader, 1)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := LoadKey(ctx, e.SQL(), e.Ring, service, rand.Reader, 2)
		if err != nil {
			t.Fatal(err)
		}
		if k1.Pseudonym("sub_x") != k2.Pseudonym("sub_x") {
			t.Fatal("a second load gave another key")
		}
		var wrapped []byte
		if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT wrapped FROM hc_stats_keys WHERE service = ?`, service).Scan(&wrapped); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(wrapped, k1.k) {
			t.Fatal("the key is stored in the clear")
		}
	})
}
