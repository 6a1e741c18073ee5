package members

import (
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/keys"
	"jikimi/partners/identity"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// A member changes their contact items, on SQLite and PostgreSQL: the
// record and the blind indexes follow (the old address finds no one);
// malformed input writes nothing; another member cannot change them (the
// gate refuses and the other's record is unchanged).
func TestChangeContact(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		m := f.join(t, adult())
		other := adult()
		other.UserID, other.Email, other.Mobile = "demo_other", "other@example.invalid", "010-0000-0004"
		o := f.join(t, other)
		find := func(kind, value string) []string {
			found, err := f.env.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeMember}, kind, value)
			if err != nil {
				t.Fatal(err)
			}
			return found
		}
		for name, c := range map[string]Contact{
			"bad e-mail":  {Email: "new", Mobile: "010-0000-0005"},
			"bad mobile":  {Email: "new@example.invalid", Mobile: "12"},
			"empty email": {Email: "", Mobile: "010-0000-0005"},
		} {
			if err := f.ChangeContact(ctx, me(m.Subject), m.Subject, c); errs.Code(err) != errs.Invalid {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if p, _ := f.Profile(ctx, me(m.Subject), m.Subject); p["email"] != "member1@example.invalid" || p["mobile"] != "01000000003" {
			t.Fatalf("a refused change wrote: %v", p)
		}
		c := Contact{Email: "New.Address@example.invalid", Mobile: "010-0000-0005"}
		if err := f.ChangeContact(ctx, me(m.Subject), m.Subject, c); err != nil {
			t.Fatal(err)
		}
		p, err := f.Profile(ctx, me(m.Subject), m.Subject)
		if err != nil || p["email"] != "new.address@example.invalid" || p["mobile"] != "01000000005" || p["name"] != "박가상" {
			t.Fatalf("after the change: %v %v", p, err)
		}
		if got := find(keys.KindEmail, "new.address@example.invalid"); len(got) != 1 || got[0] != m.Subject {
			t.Fatalf("the new address finds %v", got)
		}
		if got := find(keys.KindEmail, "member1@example.invalid"); len(got) != 0 {
			t.Fatalf("the old address still finds %v", got)
		}
		if got := find(keys.KindMobile, "01000000003"); len(got) != 0 {
			t.Fatalf("the old number still finds %v", got)
		}
		// The second person.
		err = f.ChangeContact(ctx, me(m.Subject), o.Subject, Contact{Email: "taken@example.invalid", Mobile: "010-0000-0006"})
		if code := errs.Code(err); code != errs.NotFound && code != errs.Forbidden {
			t.Fatalf("changing another member's contact: %v", err)
		}
		if p, _ := f.Profile(ctx, me(o.Subject), o.Subject); p["email"] != "other@example.invalid" {
			t.Fatalf("the other member's record changed: %v", p)
		}
	})
}

// A reset's identity check, on SQLite and PostgreSQL: the member's own
// verified identity gives a ticket for them; an unknown login, another
// person's identity, or someone else's login with my identity all answer
// the same mismatch; five failures from an address refuse it for a while;
// a ticket expires after ten minutes and ends when spent.
func TestVerifyReset(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		m := f.join(t, adult())
		other := adult()
		other.Name, other.UserID, other.Email, other.Mobile = "이가상", "demo_other", "other@example.invalid", "010-0000-0004"
		f.join(t, other)
		mine := f.verify(t, adult().Name, adult().Mobile, "")
		theirs := f.verify(t, other.Name, other.Mobile, "")
		ticket, err := f.VerifyReset(ctx, "192.0.2.1", "DEMO_member1", mine)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := f.ResetSubject(ticket); err != nil || s != m.Subject {
			t.Fatalf("the ticket names %q (%v)", s, err)
		}
		for name, try := range map[string][2]string{
			"unknown login":        {"demo_nobody", mine},
			"another's identity":   {"demo_member1", theirs},
			"another's login":      {"demo_other", mine},
			"unknown verification": {"demo_member1", "ver_unknown"},
		} {
			_, err := f.VerifyReset(ctx, "192.0.2.2", try[0], try[1])
			if e, ok := err.(*errs.Error); !ok || e.Reason != "identity_mismatch" {
				t.Fatalf("%s: %v", name, err)
			}
		}
		_, err = f.VerifyReset(ctx, "192.0.2.2", "demo_member1", "ver_unknown")
		errstest.Want(t, err, errs.Invalid, "identity_mismatch")
		_, err = f.VerifyReset(ctx, "192.0.2.2", "demo_member1", mine)
		errstest.Want(t, err, errs.Forbidden, "too_many_attempts")
		f.env.Clock.Advance(resetWindow)
		if _, err := f.VerifyReset(ctx, "192.0.2.2", "demo_member1", mine); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		f.EndReset(ticket)
		_, err = f.ResetSubject(ticket)
		errstest.Want(t, err, errs.Invalid, reasonNoSuchReset)
		late, err := f.VerifyReset(ctx, "192.0.2.1", "demo_member1", mine)
		if err != nil {
			t.Fatal(err)
		}
		f.env.Clock.Advance(resetTTL + time.Second)
		_, err = f.ResetSubject(late)
		errstest.Want(t, err, errs.Invalid, reasonNoSuchReset)
		if _, err := f.StartReset(ctx, "k-bad", identity.Claim{Name: "박가상"}); errs.Code(err) != errs.Invalid {
			t.Fatalf("an incomplete claim: %v", err)
		}
	})
}
