package staff

import (
	"context"

	"jikimi/password"
)

// Hasher hashes and verifies passwords with Argon2id; *password.Hasher is the
// one to wire, whose cap on concurrent hashes keeps memory bounded under a
// login flood.
type Hasher interface {
	Hash(ctx context.Context, pw string) (string, error)
	Verify(ctx context.Context, encoded, pw string) (ok, needsRehash bool, err error)
}

var _ Hasher = (*password.Hasher)(nil)
