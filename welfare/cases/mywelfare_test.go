package cases

import (
	"bytes"
	"slices"
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/partners/insurance"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// Every system's record is shown; nothing of it, nor the number asked
// with, remains in the database files.
func TestMyWelfareShownAndNotKept(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	got, err := f.c.MyWelfare(ctx, me, verified, rrnOldCheckWrong)
	if err != nil {
		t.Fatal(err)
	}
	for _, sys := range insurance.Systems {
		if len(got[sys]) != len(insurance.Items[sys]) {
			t.Fatalf("%s: %v", sys, got[sys])
		}
	}
	if len(f.records(t, me.ID, purposeMyWelfare)) != 0 {
		t.Fatal("a look-up was stored")
	}
	if got := f.env.Destructions(t, me.ID); !slices.Equal(got, []string{"my-welfare not_stored immediate"}) {
		t.Fatalf("destruction records %q", got)
	}
	raw := sqlitetest.Bytes(t, f.env.DBPath)
	for _, s := range []string{"가상조회인", "0001013000000", got[insurance.Health]["nhi_details"], got[insurance.Employment]["ei_employer"]} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("%q found in the database files", s)
		}
	}
}

func TestMyWelfareRefusals(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	_, err := f.c.MyWelfare(ctx, staffCW, verified, rrnOldCheckWrong)
	errstest.Want(t, err, errs.Forbidden, "")
	delete(f.c.cfg.Insurance, insurance.Accident)
	_, err = f.c.MyWelfare(ctx, me, verified, rrnOldCheckWrong)
	errstest.Want(t, err, errs.Unavailable, "")
}

// Another person's number, or a verification of someone else, is refused
// (403 identity_mismatch), written to the access log, and nothing is asked
// of the insurance systems.
func TestMyWelfareOnlyTheVerifiedPerson(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		for _, c := range [][2]string{{verified, "900101-1000000"}, {"ver_other", rrnOldCheckWrong}} {
			_, err := f.c.MyWelfare(ctx, me, c[0], c[1])
			errstest.Want(t, err, errs.Forbidden, vault.ReasonIdentityMismatch)
			e, err := f.env.Log.Last(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if e.Outcome != audit.Denied || e.Reason != vault.ReasonIdentityMismatch || e.Subject != me.ID || e.Purpose != purposeMyWelfare {
				t.Fatalf("log entry = %+v", e)
			}
		}
	})
}
