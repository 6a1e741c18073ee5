package vault_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

const healthcare = "seoul-healthcare"

var (
	statistician = vault.Actor{Kind: vault.Staff, ID: "stf_stat", Role: "statistician", Source: "127.0.0.1"}
	officer      = vault.Actor{Kind: vault.Staff, ID: "stf_officer", Role: "privacy-officer", Source: "127.0.0.1"}
)

func lastEntry(t *testing.T, e *vaulttest.Env) audit.Entry {
	t.Helper()
	en, err := e.Log.Last(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return en
}

// The gate holds the pseudonym key and decides by the roles the policy in
// force declares (seoul-healthcare 2026-12-07: the statistician
// pseudonymises, the privacy officer re-identifies): each person gets their
// own stable pseudonym; re-identifying answers that person (a second
// person's pseudonym answers the second person), with the reason in the
// access log written by the gate; a wrong role is refused and the refusal
// logged.
func TestPseudonymsAndReidentificationThroughTheGate(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		ctx := context.Background()
		e := open(t, vaulttest.Config{Start: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)})
		first, second := e.Subject(t, healthcare, "purpose:enrolment").ID, e.Subject(t, healthcare, "purpose:enrolment").ID
		ps, err := e.Vault.Pseudonymiser(ctx, vault.Request{Actor: statistician, Service: healthcare})
		if err != nil {
			t.Fatal(err)
		}
		p1, p2 := ps.Pseudonym(first), ps.Pseudonym(second)
		if p1 == p2 || !strings.HasPrefix(p1, "ps_") || len(p1) != 29 || strings.Contains(p1, strings.TrimPrefix(first, "sub_")) {
			t.Fatalf("pseudonyms %q, %q of %q, %q", p1, p2, first, second)
		}
		if s := fmt.Sprint(ps) + fmt.Sprintf("%+v %#v", ps, ps); strings.Count(s, "redacted") != 3 {
			t.Fatalf("the pseudonymiser prints as %q", s)
		}
		again, err := e.Vault.Pseudonymiser(ctx, vault.Request{Actor: statistician, Service: healthcare})
		if err != nil || again.Pseudonym(first) != p1 {
			t.Fatalf("a second pseudonymiser: %v, %v: want the same key", again, err)
		}
		if _, err := e.Vault.Pseudonymiser(ctx, vault.Request{Actor: officer, Service: healthcare}); errs.Code(err) != errs.Forbidden {
			t.Fatalf("the officer pseudonymising: %v, want forbidden", err)
		}
		if en := lastEntry(t, e); en.Outcome != audit.Denied || en.Reason != vault.ReasonRoleForbidden || en.Role != "privacy-officer" {
			t.Fatalf("the refused pseudonymisation logged as %+v", en)
		}

		_, err = e.Vault.Reidentify(ctx, vault.Request{Actor: statistician, Service: healthcare, Reason: "궁금해서"}, p1)
		if errs.Code(err) != errs.Forbidden {
			t.Fatalf("the statistician re-identifying: %v, want forbidden", err)
		}
		if en := lastEntry(t, e); en.Outcome != audit.Denied || en.Role != "statistician" || en.Subject != "" {
			t.Fatalf("the refused re-identification logged as %+v", en)
		}
		if _, err = e.Vault.Reidentify(ctx, vault.Request{Actor: officer, Service: healthcare}, p1); errs.Code(err) != errs.Invalid {
			t.Fatalf("no reason: %v, want invalid", err)
		}
		for subject, p := range map[string]string{first: p1, second: p2} {
			got, err := e.Vault.Reidentify(ctx, vault.Request{Actor: officer, Service: healthcare, Reason: "건강 위험 안내 연락"}, p)
			if err != nil || got != subject {
				t.Fatalf("Reidentify(%s) = %q, %v; want %q", p, got, err, subject)
			}
			en := lastEntry(t, e)
			if en.Outcome != audit.Allowed || en.Subject != subject || en.Purpose != "health-service" || en.Role != "privacy-officer" ||
				!strings.Contains(en.DownloadReason, "re-identification: 건강 위험") {
				t.Fatalf("re-identification logged as %+v", en)
			}
		}
		if _, err := e.Vault.Reidentify(ctx, vault.Request{Actor: officer, Service: healthcare, Reason: "다른 값"}, "ps_aaaaaaaaaaaaaaaaaaaaaaaaaa"); errs.Code(err) != errs.NotFound {
			t.Fatalf("an unknown pseudonym: %v, want not_found", err)
		}
		var n int
		if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM vault_pseudonym_keys WHERE service = ?`, healthcare).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d stored keys (%v), want one, wrapped", n, err)
		}
	})
}

// Before a version declares pseudonymised processing with its roles, no
// one pseudonymises or re-identifies (seoul-healthcare 2024-03-04 declares
// none), and the refusal is logged.
func TestNoPseudonymsWithoutTheDeclaration(t *testing.T) {
	ctx := context.Background()
	e := vaulttest.SQLite(t, vaulttest.Config{}) // 2026-03-02
	if _, err := e.Vault.Pseudonymiser(ctx, vault.Request{Actor: statistician, Service: healthcare}); errs.Code(err) != errs.Forbidden {
		t.Fatalf("Pseudonymiser under 2024-03-04: %v, want forbidden", err)
	}
	if en := lastEntry(t, e); en.Outcome != audit.Denied || en.Role != "statistician" {
		t.Fatalf("logged as %+v", en)
	}
	if _, err := e.Vault.Reidentify(ctx, vault.Request{Actor: officer, Service: healthcare, Reason: "확인"}, "ps_x"); errs.Code(err) != errs.Forbidden {
		t.Fatalf("Reidentify under 2024-03-04: %v, want forbidden", err)
	}
}
