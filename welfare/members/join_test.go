package members

import (
	"errors"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func TestAdultJoins(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		m := f.join(t, adult())
		if m.UserID != "demo_member1" || m.Minor {
			t.Fatalf("member %+v", m)
		}
		prof, err := f.Profile(ctx, me(m.Subject), m.Subject)
		if err != nil {
			t.Fatal(err)
		}
		if prof["name"] != "박가상" || prof["mobile"] != "01000000003" || prof["password"] != "" {
			t.Fatalf("profile %v", prof)
		}
		found, err := f.env.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeMember}, keys.KindLogin, "DEMO_member1")
		if err != nil || len(found) != 1 || found[0] != m.Subject {
			t.Fatalf("login look-up %v %v", found, err)
		}
		f.checkPasswordHashed(t, m.Subject, "gasang-pass-0001")
		cs, err := f.env.Vault.Consents(ctx, vault.Request{Actor: me(m.Subject), Service: ServiceName, Subject: m.Subject})
		if err != nil || len(cs) != 1 || cs[0].Scope != "purpose:membership" || cs[0].Channel != vault.ChannelWeb || cs[0].Minor {
			t.Fatalf("consents %+v %v", cs, err)
		}
	})
}

func (f *fixture) checkPasswordHashed(t *testing.T, subject, pw string) {
	t.Helper()
	recs, err := f.env.Vault.List(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeMember, Subject: subject,
		Items: []string{"password"}, Action: vault.View})
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	hash := recs[0].Values["password"]
	ok, _, err := f.hash.Verify(ctx, hash, pw)
	if !ok || err != nil || strings.Contains(hash, pw) {
		t.Fatalf("the password item is not its hash: ok=%v err=%v", ok, err)
	}
}

func TestChildJoinsWithVerifiedRepresentative(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	m, id := f.childJoined(t)
	if !m.Minor {
		t.Fatal("not marked a minor")
	}
	cs, err := f.env.Vault.Consents(ctx, vault.Request{Actor: me(m.Subject), Service: ServiceName, Subject: m.Subject})
	if err != nil || len(cs) != 1 || cs[0].Channel != vault.ChannelRepresentative || cs[0].Representative != MethodSMS {
		t.Fatalf("consents %+v %v", cs, err)
	}
	recs, err := f.env.Vault.List(ctx, vault.Request{Actor: me(m.Subject), Service: ServiceName, Purpose: PurposeMember, Subject: m.Subject,
		Items: []string{"rep_name", "rep_mobile", "rep_email"}, Action: vault.View})
	if err != nil || recs[0].Values["rep_mobile"] != "01000000009" {
		t.Fatalf("representative items %v %v", recs, err)
	}
	// The verification is used up.
	a := child(repOf(id, f.sentCode(t, "01000000009")))
	a.UserID = "child_member2"
	if _, err := f.Join(ctx, "127.0.0.1", a); errs.Code(err) != errs.Invalid {
		t.Fatalf("a used verification joined another member: %v", err)
	}
}

// Every refused sign-up answers a clear code and writes nothing: no
// subject, no consent, no record, no index.
func TestRefusedSignUpsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	verified, err := f.StartVerification(ctx, "010-0000-0009")
	if err != nil {
		t.Fatal(err)
	}
	code := f.sentCode(t, "01000000009")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	tests := []struct {
		name   string
		edit   func(*Application)
		reason string
	}{
		{"under 14 without representative", func(a *Application) { *a = child(nil) }, "representative_required"},
		{"under 14, never verified", func(a *Application) { *a = child(repOf("rv_unknown", "123456")) }, "representative_unverified"},
		{"under 14, wrong code", func(a *Application) { *a = child(repOf(verified, wrong)) }, "representative_unverified"},
		{"under 14, code for another mobile", func(a *Application) {
			*a = child(repOf(verified, code))
			a.Rep.Mobile = "010-0000-0008"
		}, "representative_unverified"},
		{"representative of an adult", func(a *Application) { a.Rep = repOf(verified, code) }, "representative_unexpected"},
		{"bad representative e-mail", func(a *Application) { *a = child(repOf(verified, code)); a.Rep.Email = "x" }, "invalid_representative_email"},
		{"blank name", func(a *Application) { a.Name = "  " }, "invalid_name"},
		{"NUL in the name", func(a *Application) { a.Name = "박\x00가상" }, "invalid_name"},
		{"right-to-left override in the name", func(a *Application) { a.Name = "박\u202e상가" }, "invalid_name"},
		{"bad user ID", func(a *Application) { a.UserID = "가상" }, "invalid_user_id"},
		{"weak password", func(a *Application) { a.Password = "short" }, "weak_password"},
		{"bad e-mail", func(a *Application) { a.Email = "member@" }, "invalid_email"},
		{"bad mobile", func(a *Application) { a.Mobile = "02-000-0000" }, "invalid_mobile"},
		{"no consent text", func(a *Application) { a.ConsentText = "" }, "consent_text_missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := adult()
			tc.edit(&a)
			_, err := f.Join(ctx, "127.0.0.1", a)
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || e.Reason != tc.reason || e.Message == "" {
				t.Fatalf("err = %#v, want invalid %s", err, tc.reason)
			}
			for _, table := range []string{"pd_subjects", "pd_consents", "pd_records", "pd_index", "pd_keys"} {
				if n := f.env.Rows(t, table); n != 0 {
					t.Fatalf("%s holds %d rows after a refused sign-up", table, n)
				}
			}
		})
	}
}

func TestDuplicateLoginRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	f.join(t, adult())
	subjects, records := f.env.Rows(t, "pd_subjects"), f.env.Rows(t, "pd_records")
	a := adult()
	a.UserID, a.Email = "DEMO_MEMBER1", "other@example.invalid"
	_, err := f.Join(ctx, "127.0.0.1", a)
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Conflict || e.Reason != "duplicate_user_id" {
		t.Fatalf("err = %v, want conflict duplicate_user_id", err)
	}
	if f.env.Rows(t, "pd_subjects") != subjects || f.env.Rows(t, "pd_records") != records {
		t.Fatal("a refused duplicate wrote something")
	}
}

func TestVerificationCodeTriesAndExpiry(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	id, err := f.StartVerification(ctx, "010-0000-0009")
	if err != nil {
		t.Fatal(err)
	}
	code := f.sentCode(t, "01000000009")
	for range maxCodeTries {
		if err := f.reps.check(id, "01000000009", "x"); err == nil {
			t.Fatal("a wrong code passed")
		}
	}
	if err := f.reps.check(id, "01000000009", code); err == nil {
		t.Fatal("the right code passed after too many wrong ones")
	}
	id, _ = f.StartVerification(ctx, "010-0000-0009")
	code = f.sentCode(t, "01000000009")
	f.env.Clock.Advance(codeTTL + 1)
	if err := f.reps.check(id, "01000000009", code); err == nil {
		t.Fatal("an expired code passed")
	}
	if _, err := f.StartVerification(ctx, "02-000-0000"); errs.Code(err) != errs.Invalid {
		t.Fatalf("a malformed mobile got a code: %v", err)
	}
}

// Two sign-ups with one login ID that both pass the look-up: the database
// takes the name once, the later one is refused as a duplicate and keeps
// no record or key (its shredded subject ID stays, holding nothing).
func TestRacingSignUpsTakeTheLoginOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	var rival error
	f.Service.checked = func() {
		f.Service.checked = nil
		a := adult()
		a.Email = "rival@example.invalid"
		_, rival = f.Join(ctx, "127.0.0.1", a)
	}
	_, err := f.Join(ctx, "127.0.0.1", adult())
	if rival != nil {
		t.Fatalf("the first to write: %v", rival)
	}
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Conflict || e.Reason != "duplicate_user_id" {
		t.Fatalf("the later sign-up: %v, want conflict duplicate_user_id", err)
	}
	for _, table := range []string{"pd_records", "pd_keys"} {
		if got := f.env.Rows(t, "(SELECT DISTINCT subject_id FROM "+table+") s"); got != 1 {
			t.Fatalf("%s holds %d subjects after the race, want 1", table, got)
		}
	}
}
