package citizen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"jikimi/citizen"
	"jikimi/errs"
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
	env *vaulttest.Env
	a   *citizen.Accounts
}

func newFixture(t *testing.T, open vaulttest.Opener) *fixture {
	t.Helper()
	env := open(t, vaulttest.Config{})
	a := citizen.New(citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock,
		Hasher: password.NewHasher(password.MinParams(), 4, nil)})
	return &fixture{env: env, a: a}
}

// account enrols a synthetic subject with a login name and password the
// way a service does: the record through the gate, then the index.
func (f *fixture) account(t *testing.T, login, pass string) string {
	t.Helper()
	v := f.env.Vault
	sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
	subject, err := v.NewSubject(ctx, sys, svc)
	if err != nil {
		t.Fatal(err)
	}
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	if _, err := v.Give(ctx, self, vault.Consent{Subject: subject, Service: svc, Scope: "purpose:" + purpose, Channel: vault.ChannelWeb, Text: "동의"}); err != nil {
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

func wantReason(t *testing.T, err error, code, reason string) {
	t.Helper()
	e, ok := err.(*errs.Error)
	if !ok || e.Code != code || e.Reason != reason {
		t.Fatalf("err = %#v, want %s/%s", err, code, reason)
	}
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
		wantReason(t, err, errs.Unauthenticated, "no_session")
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
	wantReason(t, err, errs.Unauthenticated, "no_session")
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
		wantReason(t, err, errs.Unauthenticated, "no_session")
		f.env.Clock.Advance(30 * time.Minute)
		_, err = f.a.Authenticate(ctx, s.Token)
		wantReason(t, err, errs.Unauthenticated, "no_session")
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
		wantReason(t, err, errs.Forbidden, "bad_credentials")
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
	f := newFixture(t, open)
	subject := f.account(t, "demo_kim01", pw)
	for range 4 {
		f.a.Login(ctx, svc, purpose, "demo_kim01", "wrong", "127.0.0.1")
	}
	if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1"); err != nil {
		t.Fatalf("4 failures locked the account: %v", err)
	}
	for range 5 { // the success above cleared the count: five more lock it
		_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", "wrong", "127.0.0.1")
		wantReason(t, err, errs.Forbidden, "bad_credentials")
	}
	_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	wantReason(t, err, errs.Forbidden, "account_locked")
	_, err = f.a.Login(ctx, svc, purpose, "demo_kim01", "wrong", "127.0.0.1")
	wantReason(t, err, errs.Forbidden, "bad_credentials")
	if err := f.a.Unlock(ctx, subject); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1"); err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
}

// Withdrawing the account purpose's consent closes the door: the gate no
// longer shows the hash.
func TestWithdrawnConsentCannotLogIn(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	subject := f.account(t, "demo_kim01", pw)
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	if err := f.env.Vault.Withdraw(ctx, self, subject, svc, "purpose:"+purpose); err != nil {
		t.Fatal(err)
	}
	_, err := f.a.Login(ctx, svc, purpose, "demo_kim01", pw, "127.0.0.1")
	wantReason(t, err, errs.Forbidden, "bad_credentials")
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
		wantReason(t, err, errs.Unauthenticated, "no_session")
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
	wantReason(t, err, errs.Invalid, "weak_password")
}
