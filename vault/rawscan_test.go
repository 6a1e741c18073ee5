package vault

import (
	"bytes"
	"testing"

	"jikimi/store/sqlite/sqlitetest"
)

// The disk never holds personal data in plaintext; after shredding it holds
// nothing that could be decrypted: neither the wrapped data key nor the
// sealed record remain.
func TestRawDatabaseScan(t *testing.T) {
	e := sqliteEnv(t)
	subject := e.newSubject(t)
	e.consent(t, subject, "purpose:health-service", "sensitive:health-service", "purpose:enrolment")
	secrets := map[string]string{"weight": "SYNTHETIC-WEIGHT-777.7", "health_consultation": "SYNTHETIC-CONSULT-가상상담내용"}
	if _, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", secrets); err != nil {
		t.Fatal(err)
	}
	mobile := "010-0000-0000"
	enrol := Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: subject, Items: []string{"mobile"}, Action: Input}
	if _, err := e.v.Put(ctx, enrol, "enrolment", map[string]string{"mobile": mobile}); err != nil {
		t.Fatal(err)
	}
	if err := e.v.Index(ctx, enrol, IndexMobile, mobile); err != nil {
		t.Fatal(err)
	}
	raw := sqlitetest.Bytes(t, e.dbPath)
	for _, s := range []string{secrets["weight"], secrets["health_consultation"], "가상상담내용", mobile, "01000000000"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("plaintext %q found in the database files", s)
		}
	}
	var wrapped, sealed []byte
	q := e.st.SQL().Reader()
	if err := q.QueryRowContext(ctx, `SELECT wrapped FROM pd_keys WHERE subject_id = ? AND purpose = 'health-service'`, subject).Scan(&wrapped); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT sealed FROM pd_records WHERE subject_id = ? AND purpose = 'health-service'`, subject).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, wrapped) || !bytes.Contains(raw, sealed) {
		t.Fatal("the scan cannot see the stored key and record: it would prove nothing")
	}
	if _, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
		t.Fatal(err)
	}
	raw = sqlitetest.Bytes(t, e.dbPath)
	if bytes.Contains(raw, wrapped) {
		t.Fatal("the shredded data key is still in the database files")
	}
	if bytes.Contains(raw, sealed) {
		t.Fatal("the shredded record is still in the database files")
	}
}
