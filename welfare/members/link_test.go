package members

import (
	"errors"
	"testing"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault/vaulttest"
)

func (f *fixture) joined(t *testing.T) string {
	t.Helper()
	m, err := f.Join(ctx, "127.0.0.1", adult())
	if err != nil {
		t.Fatal(err)
	}
	return m.Subject
}

func linkOf(rrn string) Link {
	return Link{RRN: rrn, Address: "가상로 1길 0, 000호", ConsentText: "주민등록번호 및 상세주소 수집·이용에 별도로 동의합니다 (가상)"}
}

func wantReason(t *testing.T, err error, code, reason string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != code || e.Reason != reason {
		t.Fatalf("err = %v, want %s %s", err, code, reason)
	}
}

func TestLinkShowsSocialSecurityOverview(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		sub := f.joined(t)
		_, err := f.Overview(ctx, me(sub), sub)
		wantReason(t, err, errs.NotFound, "not_linked")
		// Issued after October 2020: no check digit, never refused for it.
		if err := f.LinkSocialSecurity(ctx, me(sub), sub, linkOf("211015-3000001")); err != nil {
			t.Fatal(err)
		}
		o, err := f.Overview(ctx, me(sub), sub)
		if err != nil || len(o.Offers) == 0 || len(o.Applications) == 0 {
			t.Fatalf("overview %+v %v", o, err)
		}
		found, err := f.env.Vault.Lookup(ctx, system, ServiceName, PurposeLink, keys.KindRRN, "2110153000001")
		if err != nil || len(found) != 1 {
			t.Fatalf("rrn look-up %v %v", found, err)
		}
		wantReason(t, f.LinkSocialSecurity(ctx, me(sub), sub, linkOf("211015-3000001")), errs.Conflict, "already_linked")
	})
}

func TestLinkRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	sub := f.joined(t)
	records, consents := f.count(t, "pd_records"), f.count(t, "pd_consents")
	tests := []struct {
		name, reason string
		link         Link
	}{
		{"short rrn", "malformed_rrn", linkOf("211015-300000")},
		{"impossible birth date", "malformed_rrn", linkOf("211345-3000001")},
		{"letters", "malformed_rrn", linkOf("21101S-3000001")},
		{"blank address", "invalid_address", Link{RRN: "9001011000001", Address: " ", ConsentText: "동의"}},
		{"no consent text", "consent_text_missing", Link{RRN: "9001011000001", Address: "가상로"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantReason(t, f.LinkSocialSecurity(ctx, me(sub), sub, tc.link), errs.Invalid, tc.reason)
			if f.count(t, "pd_records") != records || f.count(t, "pd_consents") != consents {
				t.Fatal("a refused link wrote something")
			}
		})
	}
}

func TestUnlinkDestroysOptionalItems(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	sub := f.joined(t)
	if err := f.LinkSocialSecurity(ctx, me(sub), sub, linkOf("900101-1000001")); err != nil {
		t.Fatal(err)
	}
	if err := f.Unlink(ctx, me(sub), sub); err != nil {
		t.Fatal(err)
	}
	if found, _ := f.env.Vault.Lookup(ctx, system, ServiceName, PurposeLink, keys.KindRRN, "9001011000001"); len(found) != 0 {
		t.Fatal("the RRN's index outlived the unlink")
	}
	_, err := f.Overview(ctx, me(sub), sub)
	wantReason(t, err, errs.NotFound, "not_linked")
	if _, err := f.Profile(ctx, me(sub), sub); err != nil {
		t.Fatalf("unlinking touched the membership: %v", err)
	}
}

func TestOnlyMembersLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	stranger, err := f.env.Vault.NewSubject(ctx, system, ServiceName)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.LinkSocialSecurity(ctx, me(stranger), stranger, linkOf("900101-1000001")); errs.Code(err) != errs.NotFound {
		t.Fatalf("a non-member linked: %v", err)
	}
}
