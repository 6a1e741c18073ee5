package password

import (
	"context"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"

	"jikimi/errs"
)

// detRand is a deterministic salt source for reproducible tests.
func detRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

var phcShape = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := NewHasher(MinParams(), 4, nil)
	encoded, err := h.Hash(ctx, "synthetic-Passw0rd")
	if err != nil || !phcShape.MatchString(encoded) {
		t.Fatalf("Hash = %q, %v", encoded, err)
	}
	p, _, _, err := decode(encoded)
	if err != nil || p.weakerThan(MinParams()) || p.Threads < 1 {
		t.Fatalf("encoded params %+v below the minimum (%v)", p, err)
	}
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"right", "synthetic-Passw0rd", true},
		{"wrong", "synthetic-Passw0rD", false},
		{"empty", "", false},
		{"prefix", "synthetic-Passw0r", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := h.Verify(ctx, encoded, tt.pw)
			if err != nil || ok != tt.ok || rehash {
				t.Fatalf("Verify = %v, %v, %v; want %v", ok, rehash, err, tt.ok)
			}
		})
	}
}

// fastHasher replaces Argon2id with a cheap stand-in, for tests about
// everything around the KDF.
func fastHasher(p Params, maxConcurrent int) *Hasher {
	h := NewHasher(p, maxConcurrent, detRand(1))
	h.kdf = func(pw, salt []byte, p Params) []byte {
		return argon2.IDKey(pw, salt, 1, 8, 1, p.KeyLen)
	}
	return h
}

func TestNewHasherClampsParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Params
		want string
	}{
		{"zero is the minimum", Params{}, "$argon2id$v=19$m=19456,t=2,p=1$"},
		{"below is raised", Params{Memory: 1024, Time: 1, KeyLen: 8}, "$argon2id$v=19$m=19456,t=2,p=1$"},
		{"above is kept", Params{Memory: 65536, Time: 3, Threads: 4}, "$argon2id$v=19$m=65536,t=3,p=4$"},
		{"absurd is capped", Params{Memory: 1 << 30, Time: 1000}, "$argon2id$v=19$m=1048576,t=64,p=1$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			encoded, err := fastHasher(tt.in, 1).Hash(context.Background(), "pw")
			if err != nil || !strings.HasPrefix(encoded, tt.want) {
				t.Fatalf("Hash = %q, %v; want prefix %q", encoded, err, tt.want)
			}
			if _, _, _, err := decode(encoded); err != nil {
				t.Fatalf("own hash does not decode: %v", err)
			}
		})
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	t.Parallel()
	h := fastHasher(MinParams(), 1)
	a, _ := h.Hash(context.Background(), "same")
	b, _ := h.Hash(context.Background(), "same")
	if a == b {
		t.Fatal("two hashes of one password are equal")
	}
}

func TestHashNeedsRandomness(t *testing.T) {
	t.Parallel()
	h := NewHasher(MinParams(), 1, strings.NewReader("short"))
	if _, err := h.Hash(context.Background(), "pw"); errs.Code(err) != errs.Internal {
		t.Fatalf("err = %v", err)
	}
}

// lowHash encodes pw with real Argon2id at the given costs.
func lowHash(pw string, p Params) string {
	salt := []byte("synthetic-salt-16")[:p.SaltLen]
	return encode(p, salt, argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen))
}

func TestVerifyNeedsRehash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	strong := Params{Memory: 32768, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}
	tests := []struct {
		name   string
		hasher Params
		hash   Params
		rehash bool
	}{
		{"memory below minimum", MinParams(), Params{Memory: 8192, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"time below minimum", MinParams(), Params{Memory: 19456, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"short key", MinParams(), Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 16}, true},
		{"short salt", MinParams(), Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 8, KeyLen: 32}, true},
		{"minimum under a stronger hasher", strong, MinParams(), true},
		{"more lanes", MinParams(), Params{Memory: 19456, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}, false},
		{"at the minimum", MinParams(), MinParams(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			encoded := lowHash("synthetic-pw-1", tt.hash)
			ok, rehash, err := NewHasher(tt.hasher, 1, nil).Verify(ctx, encoded, "synthetic-pw-1")
			if err != nil || !ok || rehash != tt.rehash {
				t.Fatalf("Verify = %v, %v, %v; want ok, rehash %v", ok, rehash, err, tt.rehash)
			}
		})
	}
}

func TestVerifyRefusesMalformed(t *testing.T) {
	t.Parallel()
	good := "$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljLXNhbHQtMQ$" + strings.Repeat("A", 43)
	if _, _, _, err := decode(good); err != nil {
		t.Fatalf("the template itself is refused: %v", err)
	}
	replace := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	tests := []struct{ name, encoded string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", replace("argon2id", "argon2i")},
		{"version 16", replace("v=19", "v=16")},
		{"no version", replace("$v=19", "")},
		{"params reordered", replace("m=19456,t=2,p=1", "t=2,m=19456,p=1")},
		{"extra param", replace("p=1", "p=1,keyid=x")},
		{"missing param", replace(",p=1", "")},
		{"zero lanes", replace("p=1", "p=0")},
		{"256 lanes", replace("p=1", "p=256")},
		{"zero time", replace("t=2", "t=0")},
		{"huge memory", replace("m=19456", "m=4294967295")},
		{"memory under 8 KiB a lane", replace("m=19456,t=2,p=1", "m=15,t=2,p=2")},
		{"negative", replace("t=2", "t=-2")},
		{"plus sign", replace("t=2", "t=+2")},
		{"salt padded", replace("MQ$", "MQ==$")},
		{"salt not base64", replace("c3ludGhl", "c3ludGh!")},
		{"salt short", replace("c3ludGhldGljLXNhbHQtMQ", "c2FsdA")},
		{"key short", good[:len(good)-30]},
		{"key non-canonical bits", good[:len(good)-1] + "B"},
		{"trailing $", good + "$"},
		{"leading text", "x" + good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := fastHasher(MinParams(), 1).Verify(context.Background(), tt.encoded, "pw")
			if ok || rehash || errs.Code(err) != errs.Invalid || err.Error() != "malformed password hash" {
				t.Fatalf("Verify = %v, %v, %v; want invalid", ok, rehash, err)
			}
		})
	}
}

// The cap holds: many callers, never more than maxConcurrent inside the KDF.
// The KDF blocks until released, so the test needs no timing: it waits until
// the cap is full, then lets callers through one at a time.
func TestConcurrencyCap(t *testing.T) {
	t.Parallel()
	const maxConcurrent, callers = 3, 20
	h := NewHasher(MinParams(), maxConcurrent, detRand(1))
	var running, peak atomic.Int32
	entered, release := make(chan struct{}), make(chan struct{})
	h.kdf = func(_, _ []byte, p Params) []byte {
		n := running.Add(1)
		for old := peak.Load(); n > old && !peak.CompareAndSwap(old, n); old = peak.Load() {
		}
		entered <- struct{}{}
		<-release
		running.Add(-1)
		return make([]byte, p.KeyLen)
	}
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { callHasher(t, h, i) })
	}
	for i := range callers {
		<-entered
		if i >= maxConcurrent-1 {
			release <- struct{}{} // the cap is full: let one out
		}
	}
	for range maxConcurrent - 1 {
		release <- struct{}{}
	}
	wg.Wait()
	if got := peak.Load(); got != maxConcurrent {
		t.Fatalf("peak concurrency %d, want exactly %d", got, maxConcurrent)
	}
}

// callHasher hashes or verifies, alternately, so both share the cap.
func callHasher(t *testing.T, h *Hasher, i int) {
	var err error
	if i%2 == 0 {
		_, err = h.Hash(context.Background(), "synthetic")
	} else {
		_, _, err = h.Verify(context.Background(), lowHash("x", MinParams().withMemory(8)), "synthetic")
	}
	if err != nil {
		t.Error(err)
	}
}

func (p Params) withMemory(m uint32) Params { p.Memory = m; return p }

func TestWaitingRespectsContext(t *testing.T) {
	t.Parallel()
	h := NewHasher(MinParams(), 1, detRand(1))
	entered, release := make(chan struct{}), make(chan struct{})
	h.kdf = func(_, _ []byte, p Params) []byte {
		entered <- struct{}{}
		<-release
		return make([]byte, p.KeyLen)
	}
	done := make(chan error)
	go func() { _, err := h.Hash(context.Background(), "holder"); done <- err }()
	<-entered // the only slot is taken
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan error)
	go func() { _, _, err := h.Verify(ctx, lowHash("x", MinParams().withMemory(8)), "x"); waiting <- err }()
	cancel()
	if err := <-waiting; errs.Code(err) != errs.Unavailable {
		t.Fatalf("cancelled waiter: %v", err)
	}
	if _, err := h.Hash(ctx, "x"); errs.Code(err) != errs.Unavailable {
		t.Fatalf("already cancelled: %v", err)
	}
	release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatalf("holder: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljLXNhbHQtMQ$" + strings.Repeat("A", 43))
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, encoded string) {
		p, salt, key, err := decode(encoded)
		if err != nil {
			if errs.Code(err) != errs.Invalid || err.Error() != "malformed password hash" {
				t.Fatalf("err = %v", err)
			}
			return
		}
		p2, salt2, key2, err := decode(encode(p, salt, key))
		if err != nil || p2 != p || string(salt2) != string(salt) || string(key2) != string(key) {
			t.Fatalf("re-encoding changed the hash: %v", err)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	h := NewHasher(MinParams(), 1, nil)
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "synthetic-Passw0rd"); err != nil {
			b.Fatal(err)
		}
	}
}

// The simulation hasher hashes below the floor (that is its point), and a
// product Hasher verifies its hashes and asks for them to be redone.
func TestSimulationHasherIsWeakAndRehashed(t *testing.T) {
	sim := NewSimulationHasher(1, nil)
	hash, err := sim.Hash(context.Background(), "가상-Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hash, "m=64,t=1,") {
		t.Fatalf("simulation hash %q, want m=64,t=1", hash)
	}
	ok, rehash, err := NewHasher(MinParams(), 1, nil).Verify(context.Background(), hash, "가상-Passw0rd!")
	if err != nil || !ok || !rehash {
		t.Fatalf("Verify = %v, %v, %v; want a match due for rehashing", ok, rehash, err)
	}
}
