package staff

import (
	"bytes"
	"testing"

	"jikimi/store"
	"jikimi/store/sqlite/sqlitetest"
)

// The SQLite files (database and write-ahead log) hold no password, TOTP
// secret, session token, employee number or unwrapped data key.
func TestNoPlaintextSecretsInDatabase(t *testing.T) {
	f := newFixture(t, store.SQLite)
	admin, c, sess := f.caseworker("kim.j")
	key, err := base32NoPad.DecodeString(c.TOTP.Secret)
	f.must(err)
	secrets := map[string][]byte{
		"initial password":       []byte(c.Password),
		"admin's password":       []byte(admin.Password),
		"TOTP secret":            key,
		"TOTP secret in base32":  []byte(c.TOTP.Secret),
		"session token":          []byte(sess.Token),
		"employee number":        []byte("E-KIM-J"),
		"TOTP sealing key":       f.svc.keys.totp,
		"person-index key":       f.svc.keys.person,
		"employee number, lower": []byte("e-kim-j"),
		"display name":           []byte("Staff kim.j"),
		"name sealing key":       f.svc.keys.name,
	}
	files := sqlitetest.Bytes(t, f.file)
	if !bytes.Contains(files, []byte("kim.j")) {
		t.Fatal("the login name is not in the files: the scan reads the wrong bytes")
	}
	for what, secret := range secrets {
		if bytes.Contains(files, secret) {
			t.Errorf("the database files hold the %s in plaintext", what)
		}
	}
	got, err := f.svc.Account(f.ctx, c.Account.ID)
	f.must(err)
	all, err := f.svc.Accounts(f.ctx)
	f.must(err)
	if got.Name != "Staff kim.j" || len(all) != 2 || all[0].Name != "Staff admin" {
		t.Fatalf("the sealed names do not read back: %q, %+v", got.Name, all)
	}
}
