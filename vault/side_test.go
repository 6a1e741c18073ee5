package vault

import (
	"testing"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// sideRow puts a consultation row and a points row for the subject, as
// the services do.
func (e *env) sideRow(t *testing.T, subject string) {
	t.Helper()
	err := e.st.SQL().InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO hc_consultations (record_id, subject_id, asked_at) VALUES (?, ?, 1)`, "rec_"+subject, subject); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO hc_points_accounts (subject, balance, updated_at) VALUES (?, 10, 1)`, subject)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) sideCount(t *testing.T, subject string) int {
	return e.count(t, `SELECT COUNT(*) FROM hc_consultations WHERE subject_id = ?`, subject) +
		e.count(t, `SELECT COUNT(*) FROM hc_points_accounts WHERE subject = ?`, subject)
}

// A subject's rows in the side tables go with the purpose they follow, in
// the destroying transaction: when its data is shredded, and when the
// destruction run destroys its last record; another subject's stay.
func TestSideRowsGoWithTheirPurpose(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		shredded, _ := e.weighed(t)
		planned, _ := e.weighed(t)
		bystander, _ := e.weighed(t)
		for _, s := range []string{shredded, planned, bystander} {
			e.sideRow(t, s)
		}
		if _, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: shredded}); err != nil {
			t.Fatal(err)
		}
		if e.sideCount(t, shredded) != 2 {
			t.Fatal("shredding another purpose took the health-service rows")
		}
		if _, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service", Subject: shredded}); err != nil {
			t.Fatal(err)
		}
		if n := e.sideCount(t, shredded); n != 0 {
			t.Fatalf("%d side rows outlived the shred", n)
		}
		e.clk.Advance(day(1))
		if _, err := e.v.Put(ctx, healthReq(self(bystander), bystander, Input), "service", map[string]string{"steps": "9000"}); err != nil {
			t.Fatal(err)
		}
		e.clk.Set(epoch.AddDate(2, 0, 0))
		if done := e.destroyAll(t, seoulSvc); len(done) != 2 {
			t.Fatalf("destroyed %d records, want the 2 due", len(done))
		}
		if n := e.sideCount(t, planned); n != 0 {
			t.Fatalf("%d side rows outlived the purpose's last record", n)
		}
		if n := e.sideCount(t, bystander); n != 2 {
			t.Fatalf("%d side rows of a subject whose purpose keeps data, want 2", n)
		}
	})
}

// A side table that follows a purpose the policy does not declare refuses
// to open the gate.
func TestSideTablesFollowDeclaredPurposes(t *testing.T) {
	p, ok := loadPolicies(t).Version("seoul-healthcare", "2024-03-04")
	if !ok {
		t.Fatal("no policy")
	}
	at := func(s string) (*policy.Policy, bool) { return p, s == seoulSvc }
	if err := checkSideTables(at); err != nil {
		t.Fatal(err)
	}
	saved := SideTables
	t.Cleanup(func() { SideTables = saved })
	SideTables = append(SideTables[:0:0], SideTable{Table: "hc_x", Column: "subject_id", Purposes: map[string]string{seoulSvc: "no-such-purpose"}})
	if err := checkSideTables(at); errs.Code(err) != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
}
