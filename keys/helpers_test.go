package keys

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"jikimi/clock"
)

// day is the fake clock's start, the day the test KEK IDs name.
var day = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// detRand is a deterministic randomness source: tests stay reproducible and
// no real key is ever made by them.
func detRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0] = byte(seed)
	return rand.NewChaCha8(s)
}

// newTestKeyring generates a keyring in a fresh directory.
func newTestKeyring(t *testing.T, seed uint64) (*Keyring, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keyring.json")
	k, err := Generate(path, clock.NewFake(day), detRand(seed))
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return k, path
}
