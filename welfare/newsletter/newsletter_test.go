package newsletter

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/keys"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const email = "reader-0001@example.invalid"

func subscription() Subscription {
	return Subscription{Email: email, BirthYear: 1980, ConsentText: "뉴스레터 수신에 동의합니다 (가상)"}
}

func column(t *testing.T, e *vaulttest.Env, query, subject string) []byte {
	t.Helper()
	var b []byte
	if err := e.SQL().Reader().QueryRowContext(ctx, query, subject).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// Unsubscribing leaves nothing on disk that could give the address back:
// neither the sealed record, nor its wrapped data key, nor its blind index.
func TestUnsubscribeDestroysAtOnceOnDisk(t *testing.T) {
	t.Parallel()
	e := vaulttest.SQLite(t, vaulttest.Config{})
	s := withMail(t, e)
	id, err := s.Subscribe(ctx, "127.0.0.1", subscription())
	if err != nil {
		t.Fatal(err)
	}
	sealed := column(t, e, `SELECT sealed FROM pd_records WHERE subject_id = ?`, id)
	wrapped := column(t, e, `SELECT wrapped FROM pd_keys WHERE subject_id = ?`, id)
	digest := column(t, e, `SELECT digest FROM pd_index WHERE subject_id = ?`, id)
	raw := sqlitetest.Bytes(t, e.DBPath)
	if bytes.Contains(raw, []byte(email)) {
		t.Fatal("the address is on disk in plaintext")
	}
	for _, b := range [][]byte{sealed, wrapped, digest} {
		if !bytes.Contains(raw, b) {
			t.Fatal("the scan cannot see what was stored: it would prove nothing")
		}
	}
	if err := s.Unsubscribe(ctx, "127.0.0.1", id, "forged"); errs.Code(err) != errs.NotFound {
		t.Fatalf("a forged link: %v, want not_found", err)
	}
	if err := s.Unsubscribe(ctx, "127.0.0.1", id, s.Signature(id)); err != nil {
		t.Fatal(err)
	}
	raw = sqlitetest.Bytes(t, e.DBPath)
	for name, b := range map[string][]byte{"sealed record": sealed, "wrapped key": wrapped, "blind index": digest} {
		if bytes.Contains(raw, b) {
			t.Fatalf("the %s is still in the database files", name)
		}
	}
	if got := e.Destructions(t, id); !slices.Equal(got, []string{"newsletter crypto_shred immediate"}) {
		t.Fatalf("destruction records %q", got)
	}
	cs, err := e.Vault.Consents(ctx, vault.Request{Actor: system, Service: ServiceName, Subject: id})
	if err != nil || len(cs) != 1 || cs[0].Withdrawn == nil {
		t.Fatalf("the ledger does not show the withdrawal: %+v %v", cs, err)
	}
	if found, _ := e.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: Purpose}, keys.KindEmail, email); len(found) != 0 {
		t.Fatal("the address is still found")
	}
	if _, err := s.Subscribe(ctx, "127.0.0.1", subscription()); err != nil {
		t.Fatalf("the address cannot subscribe again: %v", err)
	}
}

func TestSubscriptionKeptWhileSubscribed(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s := withMail(t, e)
		id, err := s.Subscribe(ctx, "127.0.0.1", subscription())
		if err != nil {
			t.Fatal(err)
		}
		recs, err := e.Vault.List(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: Purpose, Subject: id,
			Items: []string{"email", "birth_year"}, Action: vault.View})
		if err != nil || len(recs) != 1 || recs[0].Values["birth_year"] != "1980" || recs[0].Due != nil {
			t.Fatalf("records %+v %v (want kept with no due date until unsubscribing)", recs, err)
		}
		_, err = s.Subscribe(ctx, "127.0.0.1", Subscription{Email: "READER-0001@example.invalid", BirthYear: 1990, ConsentText: "동의"})
		errstest.Want(t, err, errs.Conflict, "already_subscribed")
	})
}

func TestBadSubscriptionsWriteNothing(t *testing.T) {
	t.Parallel()
	e := vaulttest.SQLite(t, vaulttest.Config{})
	s := withMail(t, e)
	tests := []struct {
		name, reason string
		edit         func(*Subscription)
	}{
		{"bad e-mail", "invalid_email", func(s *Subscription) { s.Email = "reader" }},
		{"birth year in the future", "invalid_birth_year", func(s *Subscription) { s.BirthYear = 2099 }},
		{"birth year too old", "invalid_birth_year", func(s *Subscription) { s.BirthYear = 1899 }},
		{"no consent text", "consent_text_missing", func(s *Subscription) { s.ConsentText = " " }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sub := subscription()
			tc.edit(&sub)
			_, err := s.Subscribe(ctx, "127.0.0.1", sub)
			errstest.Want(t, err, errs.Invalid, tc.reason)
			var n int
			if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_subjects`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("%d subjects after a refusal (%v)", n, err)
			}
		})
	}
}

func TestUnknownSubscriptionNotFound(t *testing.T) {
	t.Parallel()
	e := vaulttest.SQLite(t, vaulttest.Config{})
	s := withMail(t, e)
	if err := s.Unsubscribe(ctx, "127.0.0.1", "sub_unknown", s.Signature("sub_unknown")); errs.Code(err) != errs.NotFound {
		t.Fatalf("err = %v, want not_found", err)
	}
}
