package stats

import (
	"strings"
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// Only the privacy officer turns a pseudonym back into its subject; both
// the re-identification and a refused attempt are in the access log.
func TestReidentify(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, statsConfig(t))
		subject := enrol(t, e, 1, walker("1960-02-02", "M", "노원구", 70, 69))
		second := enrol(t, e, 2, walker("1970-02-02", "F", "노원구", 60, 59))
		x := &Reidentifier{Gate: e.Vault, Service: service}
		pseudonym := pseudonymOf(t, e, subject)

		_, err := x.Reidentify(ctx, statistician, pseudonym, "궁금해서")
		if errs.Code(err) != errs.Forbidden {
			t.Fatalf("statistician: %v, want forbidden", err)
		}
		last := lastEntry(t, e)
		if last.Outcome != audit.Denied || last.Role != RoleStatistician || last.Subject != "" {
			t.Fatalf("refusal logged as %+v", last)
		}

		officer := vault.Actor{Kind: vault.Staff, ID: "stf_officer", Role: RolePrivacyOfficer, Source: "127.0.0.1"}
		if _, err := x.Reidentify(ctx, officer, pseudonym, ""); errs.Code(err) != errs.Invalid {
			t.Fatalf("no reason: %v, want invalid", err)
		}
		got, err := x.Reidentify(ctx, officer, pseudonym, "건강 위험 안내 연락")
		if err != nil || got != subject {
			t.Fatalf("officer: %q, %v", got, err)
		}
		last = lastEntry(t, e)
		if last.Outcome != audit.Allowed || last.Subject != subject || last.Role != RolePrivacyOfficer ||
			!strings.Contains(last.DownloadReason, "건강 위험") {
			t.Fatalf("re-identification logged as %+v", last)
		}
		if got, err := x.Reidentify(ctx, officer, pseudonymOf(t, e, second), "두 번째 참여자"); err != nil || got != second {
			t.Fatalf("the second participant's pseudonym: %q, %v; want %q", got, err, second)
		}
		if _, err := x.Reidentify(ctx, officer, "ps_aaaaaaaaaaaaaaaaaaaaaaaaaa", "없는 가명"); errs.Code(err) != errs.NotFound {
			t.Fatalf("an unknown pseudonym: %v, want not_found", err)
		}
	})
}

func lastEntry(t *testing.T, e *vaulttest.Env) audit.Entry {
	t.Helper()
	en, err := e.Log.Last(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return en
}
