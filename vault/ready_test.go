package vault

import (
	"errors"
	"os"
	"testing"

	"jikimi/errs"
)

// Ready: the database answers and both the keyring in use and the keyring
// file unseal the canary; a closed database, a removed keyring file and
// another installation's keyring each fail with their reason.
func TestReady(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		fromFile := func() (Wrapper, error) { return keysLoad(e.ringAt) }
		if err := e.v.Ready(ctx, fromFile); err != nil {
			t.Fatalf("ready: %v", err)
		}
		other, err := keysGenerate(t, e)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.v.Ready(ctx, func() (Wrapper, error) { return other, nil }); !notReadyFor(err, NotReadyKeyring) {
			t.Fatalf("another installation's keyring file: %v", err)
		}
		if err := os.Remove(e.ringAt); err != nil {
			t.Fatal(err)
		}
		if err := e.v.Ready(ctx, fromFile); !notReadyFor(err, NotReadyKeyring) {
			t.Fatalf("keyring file removed: %v", err)
		}
		if err := e.v.Ready(ctx, nil); err != nil {
			t.Fatalf("the keyring in use still unseals: %v", err)
		}
		e.st.Close()
		if err := e.v.Ready(ctx, nil); !notReadyFor(err, NotReadyDatabase) {
			t.Fatalf("database closed: %v", err)
		}
	})
}

// The keyring in use no longer unsealing (the database swapped under a
// running server for another installation's) is not ready.
func TestReadyRefusesAKeyringInUseThatDoesNotMatch(t *testing.T) {
	e := sqliteEnv(t)
	other, err := keysGenerate(t, e)
	if err != nil {
		t.Fatal(err)
	}
	e.v.cfg.Keys = other // as if the database under it were another installation's
	if err := e.v.Ready(ctx, nil); !notReadyFor(err, NotReadyKeyring) {
		t.Fatalf("keyring in use mismatched: %v", err)
	}
}

func notReadyFor(err error, reason string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == errs.Unavailable && e.Reason == reason
}
