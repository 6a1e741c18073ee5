package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"io"
	"sync"

	"golang.org/x/crypto/argon2"

	"jikimi/errs"
)

// Hasher hashes and verifies passwords. At most maxConcurrent Argon2id
// computations run at once, each holding Params.Memory KiB; callers beyond
// that wait their turn or give up when their ctx is done. It is safe for
// concurrent use.
type Hasher struct {
	params Params
	sem    chan struct{} // one token per running hash
	randMu sync.Mutex    // rand readers need not be safe for concurrent use
	rand   io.Reader
	kdf    func(pw, salt []byte, p Params) []byte // Argon2id; tests instrument it
}

// NewHasher returns a Hasher that makes new hashes with params, raised
// field by field to MinParams where lower and lowered to what Verify
// accepts where higher. maxConcurrent below 1 counts as 1; a nil random
// means crypto/rand.
func NewHasher(params Params, maxConcurrent int, random io.Reader) *Hasher {
	if random == nil {
		random = rand.Reader
	}
	return &Hasher{params: params.clamp(), sem: make(chan struct{}, max(maxConcurrent, 1)),
		rand: random, kdf: argon2id}
}

func argon2id(pw, salt []byte, p Params) []byte {
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Hash returns the PHC string of pw under a fresh random salt.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	salt, err := h.salt()
	if err != nil {
		return "", err
	}
	key, err := h.derive(ctx, pw, salt, h.params)
	if err != nil {
		return "", err
	}
	return encode(h.params, salt, key), nil
}

func (h *Hasher) salt() ([]byte, error) {
	salt := make([]byte, h.params.SaltLen)
	h.randMu.Lock()
	defer h.randMu.Unlock()
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "password: no randomness for a salt")
	}
	return salt, nil
}

// Verify reports whether pw matches encoded, comparing in constant time.
// needsRehash is true when pw matches but encoded was made with weaker
// parameters than this Hasher's: the caller should store a fresh Hash. A
// malformed encoded is errs.Invalid.
func (h *Hasher) Verify(ctx context.Context, encoded, pw string) (ok, needsRehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got, err := h.derive(ctx, pw, salt, p)
	if err != nil {
		return false, false, err
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p.weakerThan(h.params), nil
}

// derive runs the KDF once a slot is free, or gives up with
// errs.Unavailable when ctx is done first.
func (h *Hasher) derive(ctx context.Context, pw string, salt []byte, p Params) ([]byte, error) {
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-h.sem }()
	b := []byte(pw)
	defer clear(b)
	return h.kdf(b, salt, p), nil
}

func (h *Hasher) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(errs.Unavailable, err, "password: gave up waiting to hash")
	}
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return errs.Wrap(errs.Unavailable, ctx.Err(), "password: gave up waiting to hash")
	}
}
