package newsletter

import (
	"testing"

	"jikimi/errs"
	"jikimi/vault/vaulttest"
)

// A signed-in member's page finds the subscription of their own address
// and ends it without a link: another address's subscription stays, an
// address with none is not found, a malformed one is invalid.
func TestUnsubscribeAddress(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := withMail(t, open(t, vaulttest.Config{}))
		other := subscription()
		other.Email = "reader-0002@example.invalid"
		mine, err := s.Subscribe(ctx, "127.0.0.1", subscription())
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := s.Subscribe(ctx, "127.0.0.1", other)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Of(ctx, email); err != nil || got != mine {
			t.Fatalf("Of: %q %v, want %q", got, err, mine)
		}
		if err := s.UnsubscribeAddress(ctx, "127.0.0.1", email); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Of(ctx, email); err != nil || got != "" {
			t.Fatalf("after unsubscribing: %q %v", got, err)
		}
		if got, err := s.Of(ctx, other.Email); err != nil || got != theirs {
			t.Fatalf("the other address: %q %v", got, err)
		}
		if err := s.UnsubscribeAddress(ctx, "127.0.0.1", email); errs.Code(err) != errs.NotFound {
			t.Fatalf("again: %v", err)
		}
		if _, err := s.Of(ctx, "not-an-address"); errs.Code(err) != errs.Invalid {
			t.Fatalf("a malformed address: %v", err)
		}
	})
}
