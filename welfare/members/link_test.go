package members

import (
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/keys"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func TestLinkShowsSocialSecurityOverview(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		sub := f.join(t, adult()).Subject
		_, err := f.Overview(ctx, me(sub), sub)
		errstest.Want(t, err, errs.NotFound, "not_linked")
		// Issued after October 2020: no check digit, never refused for it.
		if err := f.LinkSocialSecurity(ctx, me(sub), sub, f.linkOf(t, "211015-3000001")); err != nil {
			t.Fatal(err)
		}
		o, err := f.Overview(ctx, me(sub), sub)
		if err != nil || len(o.Offers) == 0 || len(o.Applications) == 0 {
			t.Fatalf("overview %+v %v", o, err)
		}
		found, err := f.env.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeLink}, keys.KindRRN, "2110153000001")
		if err != nil || len(found) != 1 {
			t.Fatalf("rrn look-up %v %v", found, err)
		}
		errstest.Want(t, f.LinkSocialSecurity(ctx, me(sub), sub, f.linkOf(t, "211015-3000001")), errs.Conflict, "already_linked")
	})
}

func TestLinkRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	sub := f.join(t, adult()).Subject
	records, consents := f.env.Rows(t, "pd_records"), f.env.Rows(t, "pd_consents")
	tests := []struct {
		name, reason string
		link         Link
	}{
		{"short rrn", "malformed_rrn", f.linkOf(t, "211015-300000")},
		{"impossible birth date", "malformed_rrn", f.linkOf(t, "211345-3000001")},
		{"letters", "malformed_rrn", f.linkOf(t, "21101S-3000001")},
		{"blank address", "invalid_address", Link{RRN: "9001011000001", Address: " ", ConsentText: "동의"}},
		{"no consent text", "consent_text_missing", Link{RRN: "9001011000001", Address: "가상로"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errstest.Want(t, f.LinkSocialSecurity(ctx, me(sub), sub, tc.link), errs.Invalid, tc.reason)
			if f.env.Rows(t, "pd_records") != records || f.env.Rows(t, "pd_consents") != consents {
				t.Fatal("a refused link wrote something")
			}
		})
	}
}

func TestUnlinkDestroysOptionalItems(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	sub := f.join(t, adult()).Subject
	if err := f.LinkSocialSecurity(ctx, me(sub), sub, f.linkOf(t, "900101-1000001")); err != nil {
		t.Fatal(err)
	}
	if err := f.Unlink(ctx, me(sub), sub); err != nil {
		t.Fatal(err)
	}
	if found, _ := f.env.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeLink}, keys.KindRRN, "9001011000001"); len(found) != 0 {
		t.Fatal("the RRN's index outlived the unlink")
	}
	_, err := f.Overview(ctx, me(sub), sub)
	errstest.Want(t, err, errs.NotFound, "not_linked")
	if _, err := f.Profile(ctx, me(sub), sub); err != nil {
		t.Fatalf("unlinking touched the membership: %v", err)
	}
}

func TestOnlyMembersLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	stranger, err := f.env.Vault.NewSubject(ctx, vault.Request{Actor: system, Service: ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.LinkSocialSecurity(ctx, me(stranger), stranger, f.linkOf(t, "900101-1000001")); errs.Code(err) != errs.NotFound {
		t.Fatalf("a non-member linked: %v", err)
	}
}

// The link takes only the member's own number: a verification of someone
// else (another name or mobile), or a number whose birth date or sex is not
// the verified person's, is refused with 403 identity_mismatch, written to
// the access log, and nothing is stored.
func TestLinkOnlyTheVerifiedMembersNumber(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		sub := f.join(t, adult()).Subject
		records := f.env.Rows(t, "pd_records")
		a := adult()
		other := f.linkOf(t, "900101-1000001")
		other.RRN = "850505-2000002" // someone else's number, the member's own verification
		stranger := f.linkOf(t, "900101-1000001")
		stranger.Verification = f.verify(t, "김가상", "010-0000-0077", "900101-1000001") // someone else verified
		phone := f.linkOf(t, "900101-1000001")
		phone.Verification = f.verify(t, a.Name, "010-0000-0078", "900101-1000001") // the name, another phone
		for name, l := range map[string]Link{"another number": other, "another person": stranger, "another phone": phone} {
			t.Run(name, func(t *testing.T) {
				errstest.Want(t, f.LinkSocialSecurity(ctx, me(sub), sub, l), errs.Forbidden, vault.ReasonIdentityMismatch)
				e, err := f.env.Log.Last(ctx)
				if err != nil || e.Outcome != audit.Denied || e.Reason != vault.ReasonIdentityMismatch || e.Subject != sub || e.Purpose != PurposeLink {
					t.Fatalf("log entry %+v %v", e, err)
				}
				if f.env.Rows(t, "pd_records") != records {
					t.Fatal("a refused link stored something")
				}
			})
		}
		bad := f.linkOf(t, "900101-1000001")
		bad.Verification = "ver_unknown"
		errstest.Want(t, f.LinkSocialSecurity(ctx, me(sub), sub, bad), errs.Invalid, "unknown_verification")
	})
}
