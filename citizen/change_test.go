package citizen_test

import (
	"testing"

	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// Changing a password, on SQLite and PostgreSQL: a wrong current password
// is refused and counts toward the lock (five lock the account, and then
// even the right one is refused); a weak or unchanged new one writes
// nothing; a good change ends every session of the citizen, opens a new
// one, and only the new password logs in. Another citizen's session
// survives.
func TestChangePassword(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.account(t, "demo_kim01", pw)
		f.account(t, "demo_lee02", pw)
		old, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := f.a.Login(ctx, svc, purpose, "demo_lee02", pw, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		self := vault.Actor{Kind: vault.Subject, ID: me, Source: "127.0.0.1"}
		change := func(current, next string) (citizen.Session, error) {
			return f.a.ChangePassword(ctx, self, svc, purpose, current, next)
		}
		const next = "새-Passw0rd!!"
		_, err = change("wrong", next)
		errstest.Want(t, err, errs.Forbidden, "wrong_password")
		_, err = change(pw, "short")
		errstest.Want(t, err, errs.Invalid, "weak_password")
		_, err = change(pw, pw)
		errstest.Want(t, err, errs.Invalid, "same_password")
		if _, err := f.a.Authenticate(ctx, old.Token); err != nil {
			t.Fatalf("a refused change ended the session: %v", err)
		}
		s, err := change(pw, next)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Authenticate(ctx, old.Token); errs.Code(err) != errs.Unauthenticated {
			t.Fatalf("the session from before the change lives on: %v", err)
		}
		if got, err := f.a.Authenticate(ctx, s.Token); err != nil || got.Subject != me {
			t.Fatalf("the new session: %+v %v", got, err)
		}
		if _, err := f.a.Authenticate(ctx, theirs.Token); err != nil {
			t.Fatalf("another citizen's session ended: %v", err)
		}
		_, err = f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", next, "127.0.0.1"); err != nil {
			t.Fatalf("the new password: %v", err)
		}
		// The lock: five wrong current passwords lock the account.
		for range 4 {
			_, err = change("wrong", pw)
			errstest.Want(t, err, errs.Forbidden, "wrong_password")
		}
		_, err = change("wrong", pw)
		errstest.Want(t, err, errs.Forbidden, "wrong_password")
		_, err = change(next, pw)
		errstest.Want(t, err, errs.Forbidden, "account_locked")
		_, err = f.a.Login(ctx, svc, purpose, "demo_kim01", next, "127.0.0.1")
		errstest.Want(t, err, errs.Forbidden, "account_locked")
		if len(f.told) != 1 {
			t.Fatalf("the holder was told %q", f.told)
		}
		// Someone else's actor changes nothing of mine.
		other := vault.Actor{Kind: vault.Staff, ID: "stf_x", Role: "health-operator", Source: "127.0.0.1"}
		_, err = f.a.ChangePassword(ctx, other, svc, purpose, next, pw)
		errstest.Want(t, err, errs.Forbidden, "")
	})
}

// SetPassword (after a reset's identity check) replaces the password,
// clears the lock and ends every session; a weak password writes nothing.
func TestSetPassword(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.account(t, "demo_kim01", pw)
		s, _ := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		for range 5 {
			f.a.Login(ctx, svc, purpose, "demo_kim01", "wrong", "127.0.0.1")
		}
		self := vault.Actor{Kind: vault.Subject, ID: me, Source: "127.0.0.1"}
		errstest.Want(t, f.a.SetPassword(ctx, self, svc, purpose, "short"), errs.Invalid, "weak_password")
		_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		errstest.Want(t, err, errs.Forbidden, "account_locked")
		const next = "새-Passw0rd!!"
		if err := f.a.SetPassword(ctx, self, svc, purpose, next); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Authenticate(ctx, s.Token); errs.Code(err) != errs.Unauthenticated {
			t.Fatalf("a session lives on after the reset: %v", err)
		}
		if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", next, "127.0.0.1"); err != nil {
			t.Fatalf("the new password after the lock: %v", err)
		}
	})
}
