package cases

import (
	"bytes"
	"testing"

	"jikimi/errs"
	"jikimi/partners/insurance"
	"jikimi/vault/vaulttest"
)

// Every system's record is shown; nothing of it, nor the number asked
// with, remains in the database files.
func TestMyWelfareShownAndNotKept(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	got, err := f.c.MyWelfare(ctx, me, "가상조회인", rrnOldCheckWrong)
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
	raw := rawBytes(t, f.env)
	for _, s := range []string{"가상조회인", "0001013000000", "가상검진구분", "가상사업장"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("%q found in the database files", s)
		}
	}
}

func TestMyWelfareRefusals(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	_, err := f.c.MyWelfare(ctx, me, "가상", "12")
	wantErr(t, err, errs.Invalid, "malformed_rrn")
	_, err = f.c.MyWelfare(ctx, staffCW, "가상", rrnOldCheckWrong)
	wantErr(t, err, errs.Forbidden, "")
	delete(f.c.cfg.Insurance, insurance.Accident)
	_, err = f.c.MyWelfare(ctx, me, "가상", rrnOldCheckWrong)
	wantErr(t, err, errs.Unavailable, "")
}
