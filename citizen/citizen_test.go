package citizen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"
	"time"

	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/password"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const (
	svc     = "seoul-healthcare"
	purpose = "enrolment"
	pw      = "가상-Passw0rd!"
)

type fixture struct {
	env  *vaulttest.Env
	a    *citizen.Accounts
	told []string // the lock notices: "subject duration"
}

func newFixture(t *testing.T, open vaulttest.Opener) *fixture {
	return newFixtureWith(t, open, func(*citizen.Config) {})
}

func newFixtureWith(t *testing.T, open vaulttest.Opener, edit func(*citizen.Config)) *fixture {
	t.Helper()
	env := open(t, vaulttest.Config{})
	f := &fixture{env: env}
	cfg := citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock,
		Hasher: password.NewHasher(password.MinParams(), 4, nil),
		Locked: func(_ context.Context, service, subject string, until time.Time) {
			f.told = append(f.told, subject+" "+until.Sub(env.Clock.Now()).String())
		}}
	edit(&cfg)
	f.a = citizen.New(cfg)
	return f
}

// account enrols a synthetic subject with a login name and password the
// way a service does: the record through the gate, then the index.
func (f *fixture) account(t *testing.T, login, pass string) string {
	t.Helper()
	v := f.env.Vault
	sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
	subject, err := v.NewSubject(ctx, vault.Request{Actor: sys, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	if _, err := v.Give(ctx, vault.Request{Actor: self, Service: svc, Subject: subject}, vault.Consent{Scope: "purpose:" + purpose, Channel: vault.ChannelWeb, Text: "동의"}); err != nil {
		t.Fatal(err)
	}
	hash, err := f.a.HashPassword(ctx, pass)
	if err != nil {
		t.Fatal(err)
	}
	r := vault.Request{Actor: self, Service: svc, Purpose: purpose, Subject: subject, Action: vault.Input}
	if _, err := v.Put(ctx, r, "enrolment", map[string]string{citizen.ItemAccount: login, citizen.ItemPassword: hash}); err != nil {
		t.Fatal(err)
	}
	r.Items = []string{citizen.ItemAccount}
	if err := v.Index(ctx, r, vault.IndexLogin, login); err != nil {
		t.Fatal(err)
	}
	return subject
}

func TestLoginSessionLogout(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		subject := f.account(t, "demo_kim01", pw)
		s, err := f.a.Login(ctx, svc, purpose, "Demo_Kim01", pw, "127.0.0.1")
		if err != nil || s.Subject != subject || s.Service != svc || s.Token == "" {
			t.Fatalf("Login = %+v, %v", s, err)
		}
		got, err := f.a.Authenticate(ctx, s.Token)
		if err != nil || got.Subject != subject || !got.Expires.Equal(s.Expires) {
			t.Fatalf("Authenticate = %+v, %v", got, err)
		}
		if err := f.a.Logout(ctx, s.Token); err != nil {
			t.Fatal(err)
		}
		_, err = f.a.Authenticate(ctx, s.Token)
		errstest.Want(t, err, errs.Unauthenticated, "no_session")
	})
}

// A session in use lasts 12 hours at most.
func TestSessionExpires(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	f.account(t, "demo_kim01", pw)
	s, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	for range 35 {
		f.env.Clock.Advance(20 * time.Minute)
		if _, err := f.a.Authenticate(ctx, s.Token); err != nil {
			t.Fatalf("a live session at %v: %v", f.env.Clock.Now(), err)
		}
	}
	f.env.Clock.Advance(20 * time.Minute) // 12 hours
	_, err = f.a.Authenticate(ctx, s.Token)
	errstest.Want(t, err, errs.Unauthenticated, "no_session")
}

// A session left unused for 30 minutes ends, on both databases; using it
// restarts the count; expired sessions are purged.
func TestSessionIdles(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		f.account(t, "demo_kim01", pw)
		s, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		idle, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.env.Clock.Advance(29 * time.Minute)
			if _, err := f.a.Authenticate(ctx, s.Token); err != nil {
				t.Fatalf("used every 29 minutes: %v", err)
			}
		}
		if n, err := f.a.PurgeSessions(ctx); n != 1 || err != nil {
			t.Fatalf("PurgeSessions = %d, %v; want the idle one", n, err)
		}
		_, err = f.a.Authenticate(ctx, idle.Token)
		errstest.Want(t, err, errs.Unauthenticated, "no_session")
		f.env.Clock.Advance(30 * time.Minute)
		_, err = f.a.Authenticate(ctx, s.Token)
		errstest.Want(t, err, errs.Unauthenticated, "no_session")
	})
}

// An unknown login, a malformed one and a wrong password answer alike.
func TestBadCredentialsAnswerAlike(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	f.account(t, "demo_kim01", pw)
	var msgs []string
	for _, tt := range []struct{ name, login, pass string }{
		{"unknown login", "demo_lee02", pw},
		{"malformed login", "가상", pw},
		{"wrong password", "demo_kim01", pw + "x"},
	} {
		_, err := f.a.Login(ctx, svc, purpose, tt.login, tt.pass, "127.0.0.1")
		errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		msgs = append(msgs, err.Error())
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Fatalf("messages differ: %q", msgs)
	}
}

func TestLockAfterMaxFailures(t *testing.T) {
	vaulttest.Drivers(t, testLockAfterMaxFailures)
}

func testLockAfterMaxFailures(t *testing.T, open vaulttest.Opener) {
	f := newFixtureWith(t, open, func(c *citizen.Config) { c.SourceFailures = 1000 }) // one address tries them all
	subject := f.account(t, "demo_kim01", pw)
	login := func(pass string) error {
		_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pass, "127.0.0.1")
		return err
	}
	for range 4 {
		login("wrong")
	}
	if err := login(pw); err != nil {
		t.Fatalf("4 failures locked the account: %v", err)
	}
	for range 5 { // the success above cleared the count: five more lock it
		errstest.Want(t, login("wrong"), errs.Forbidden, "bad_credentials")
	}
	errstest.Want(t, login(pw), errs.Forbidden, "account_locked")
	for range 10 { // failures while locked do not lengthen the lock
		errstest.Want(t, login("wrong"), errs.Forbidden, "bad_credentials")
	}
	f.env.Clock.Advance(61 * time.Second) // the first lock lasts a minute
	errstest.Want(t, login("wrong"), errs.Forbidden, "bad_credentials")
	errstest.Want(t, login(pw), errs.Forbidden, "account_locked") // one more failure after it: two minutes
	f.env.Clock.Advance(61 * time.Second)
	errstest.Want(t, login(pw), errs.Forbidden, "account_locked")
	f.env.Clock.Advance(60 * time.Second)
	if err := login(pw); err != nil {
		t.Fatalf("the lock did not expire: %v", err)
	}
	if want := []string{subject + " 1m0s", subject + " 2m0s"}; !slices.Equal(f.told, want) {
		t.Fatalf("the holder was told %q, want %q", f.told, want)
	}
	for range 5 {
		login("wrong")
	}
	if err := f.a.Unlock(ctx, subject); err != nil {
		t.Fatal(err)
	}
	if err := login(pw); err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
}

// Too many failures from one address refuse its attempts on every login,
// even the right password of another account, until the window passes;
// another address is not held up.
func TestAttemptsLimitedPerSource(t *testing.T) {
	f := newFixtureWith(t, vaulttest.SQLite, func(c *citizen.Config) { c.SourceFailures, c.SourceWindow = 3, time.Minute })
	f.account(t, "demo_kim01", pw)
	for i := range 3 {
		_, err := f.a.Login(ctx, svc, purpose, fmt.Sprintf("demo_guess%d", i), "guess", "192.0.2.7")
		errstest.Want(t, err, errs.Forbidden, "bad_credentials")
	}
	_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "192.0.2.7")
	errstest.Want(t, err, errs.Forbidden, "too_many_attempts")
	if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1"); err != nil {
		t.Fatalf("another address: %v", err)
	}
	f.env.Clock.Advance(time.Minute)
	if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "192.0.2.7"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if len(f.told) != 0 {
		t.Fatalf("guessing other logins told someone: %q", f.told)
	}
}

// Withdrawing the account purpose's consent closes the door: the gate no
// longer shows the hash.
func TestWithdrawnConsentCannotLogIn(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	subject := f.account(t, "demo_kim01", pw)
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	if err := f.env.Vault.Withdraw(ctx, vault.Request{Actor: self, Service: svc, Subject: subject}, "purpose:"+purpose); err != nil {
		t.Fatal(err)
	}
	_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	errstest.Want(t, err, errs.Forbidden, "bad_credentials")
}

func TestEndSessions(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	subject := f.account(t, "demo_kim01", pw)
	s1, _ := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	s2, _ := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	if err := f.a.EndSessions(ctx, subject); err != nil {
		t.Fatal(err)
	}
	for _, s := range []citizen.Session{s1, s2} {
		_, err := f.a.Authenticate(ctx, s.Token)
		errstest.Want(t, err, errs.Unauthenticated, "no_session")
	}
}

// Only the token's SHA-256 is stored.
func TestTokenStoredHashedOnly(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	f.account(t, "demo_kim01", pw)
	s, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	if err := f.env.SQL().Reader().QueryRowContext(ctx, `SELECT token_hash FROM citizen_sessions`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte(s.Token))
	if !bytes.Equal(stored, want[:]) {
		t.Fatal("the stored value is not the token's SHA-256")
	}
}

func TestWeakPasswordRefused(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	_, err := f.a.HashPassword(ctx, "short")
	errstest.Want(t, err, errs.Invalid, "weak_password")
}
