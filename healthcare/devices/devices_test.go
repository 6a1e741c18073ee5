package devices_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/healthcare/devices"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const svc = "seoul-healthcare"

var sys = vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}

func newRegistry(t *testing.T, open vaulttest.Opener) (*vaulttest.Env, *devices.Registry) {
	env := open(t, vaulttest.Config{})
	return env, devices.New(devices.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock})
}

// participant registers a synthetic participant with watch-delivery data.
func participant(t *testing.T, env *vaulttest.Env) (subject string, delivery map[string]string) {
	t.Helper()
	subject, err := env.Vault.NewSubject(ctx, vault.Request{Actor: sys, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	for _, scope := range []string{"purpose:enrolment", "purpose:watch-delivery"} {
		if _, err := env.Vault.Give(ctx, vault.Request{Actor: self, Service: svc, Subject: subject}, vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "동의"}); err != nil {
			t.Fatal(err)
		}
	}
	delivery = map[string]string{"delivery_address": "서울특별시 가상구 가상로 0000 SYNTHETIC-ADDR-" + subject[4:12], "delivery_contact": "010-0000-0009"}
	r := vault.Request{Actor: self, Service: svc, Purpose: "watch-delivery", Subject: subject, Action: vault.Input}
	if _, err := env.Vault.Put(ctx, r, "delivery", delivery); err != nil {
		t.Fatal(err)
	}
	return subject, delivery
}

func TestLinkAuthenticateRevoke(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		env, reg := newRegistry(t, open)
		subject, _ := participant(t, env)
		d, token, err := reg.Link(ctx, subject, "127.0.0.1")
		if err != nil || d.Subject != subject || token == "" {
			t.Fatalf("Link = %+v, %q, %v", d, token, err)
		}
		got, err := reg.Authenticate(ctx, token)
		if err != nil || got.ID != d.ID || got.Subject != subject {
			t.Fatalf("Authenticate = %+v, %v", got, err)
		}
		_, err = reg.Authenticate(ctx, token+"x")
		errstest.Want(t, err, errs.Forbidden, "unknown_device")
		_, err = reg.Authenticate(ctx, "")
		errstest.Want(t, err, errs.Forbidden, "unknown_device")

		other, _ := participant(t, env)
		_, err = reg.AuthenticateFor(ctx, token, other)
		errstest.Want(t, err, errs.Forbidden, "other_participant")
		errstest.Want(t, reg.Revoke(ctx, other, d.ID), errs.Forbidden, "other_participant")
		errstest.Want(t, reg.Revoke(ctx, subject, "dev_nothing"), errs.NotFound, "unknown_device")

		if err := reg.Revoke(ctx, subject, d.ID); err != nil {
			t.Fatal(err)
		}
		_, err = reg.Authenticate(ctx, token)
		errstest.Want(t, err, errs.Forbidden, "revoked_device")
		if err := reg.Revoke(ctx, subject, d.ID); err != nil {
			t.Fatalf("revoking twice: %v", err)
		}
		list, err := reg.List(ctx, subject)
		if err != nil || len(list) != 1 || list[0].Revoked.IsZero() {
			t.Fatalf("List = %+v, %v", list, err)
		}
	})
}

// Linking the watch destroys the delivery data at once: the gate finds
// none, and the raw database files hold neither the sealed record nor its
// data key, as a thief of the disk would read them.
func TestLinkDestroysDeliveryData(t *testing.T) {
	env, reg := newRegistry(t, vaulttest.SQLite)
	subject, delivery := participant(t, env)
	var wrapped, sealed []byte
	q := env.SQL().Reader()
	if err := q.QueryRowContext(ctx, `SELECT wrapped FROM pd_keys WHERE subject_id = ? AND purpose = 'watch-delivery'`, subject).Scan(&wrapped); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT sealed FROM pd_records WHERE subject_id = ? AND purpose = 'watch-delivery'`, subject).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	raw := sqlitetest.Bytes(t, env.DBPath)
	if !bytes.Contains(raw, wrapped) || !bytes.Contains(raw, sealed) {
		t.Fatal("the scan cannot see the stored key and record: it would prove nothing")
	}
	for _, v := range delivery {
		if bytes.Contains(raw, []byte(v)) {
			t.Fatal("delivery data in plaintext on disk")
		}
	}
	if _, _, err := reg.Link(ctx, subject, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	raw = sqlitetest.Bytes(t, env.DBPath)
	if bytes.Contains(raw, wrapped) || bytes.Contains(raw, sealed) {
		t.Fatal("the delivery record or its key is still in the database files")
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND purpose = 'watch-delivery'`, subject).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d delivery records left (%v)", n, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_events WHERE subject_id = ? AND event = 'watch_linked'`, subject).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d watch_linked events recorded (%v)", n, err)
	}
	if got := env.Destructions(t, subject); !slices.Equal(got, []string{"watch-delivery crypto_shred immediate"}) {
		t.Fatalf("destruction records %q, want the delivery record's", got)
	}
}

// A participant of no service, or of another, links nothing.
func TestLinkUnknownParticipant(t *testing.T) {
	env, reg := newRegistry(t, vaulttest.SQLite)
	_, _, err := reg.Link(ctx, "sub_nobody", "127.0.0.1")
	if errs.Code(err) != errs.NotFound {
		t.Fatalf("err = %v", err)
	}
	var n int
	if err := env.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM hc_devices`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d devices stored (%v)", n, err)
	}
}
