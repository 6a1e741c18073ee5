package staff

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/keys"
	"jikimi/password"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
)

var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a Service on a fresh database with its own fake clock.
type fixture struct {
	t    *testing.T
	ctx  context.Context
	clk  *clock.Fake
	svc  *Service
	sql  store.SQL
	file string // the SQLite file; "" on PostgreSQL
}

// each runs fn, in parallel, on SQLite and on PostgreSQL.
// Each case gets a fresh SQLite file and a fresh PostgreSQL database, both
// copies of one migrated per test run (sqlitetest, pgmigrated).
func each(t *testing.T, fn func(t *testing.T, f *fixture), opts ...func(*Config)) {
	t.Helper()
	t.Parallel()
	for _, db := range []string{store.SQLite, store.Postgres} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, db, opts...))
		})
	}
}

func newFixture(t *testing.T, db string, opts ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), clk: clock.NewFake(epoch)}
	st := f.open(db)
	ring, err := keys.Generate(filepath.Join(t.TempDir(), "keyring.json"), f.clk, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{SQL: st.SQL(), Clock: f.clk, Hasher: testHasher(t), Wrapper: ring}
	for _, o := range opts {
		o(&cfg)
	}
	if f.svc, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	f.sql = st.SQL()
	return f
}

func (f *fixture) open(db string) store.Store {
	if db == store.SQLite {
		f.file = sqlitetest.File(f.t)
		return sqlitetest.OpenAt(f.t, f.file, f.clk)
	}
	return pgmigrated.Open(f.t, f.clk)
}

// create makes an account whose login and person derive from name.
func (f *fixture) create(name string) *Created {
	f.t.Helper()
	c, err := f.svc.Create(f.ctx, NewAccount{Login: name, Name: "Staff " + name, Person: "E-" + strings.NewReplacer(".", "-", "_", "-").Replace(name)})
	if err != nil {
		f.t.Fatalf("create %s: %v", name, err)
	}
	return c
}

// admin makes the bootstrap admin.
func (f *fixture) admin() *Created {
	f.t.Helper()
	a := f.create("admin")
	f.must(f.svc.Grant(f.ctx, RoleChange{Account: a.Account.ID, Role: Admin, By: Bootstrap, Reason: "first admin"}))
	return a
}

func (f *fixture) grant(to, by string, r Role) {
	f.t.Helper()
	f.must(f.svc.Grant(f.ctx, RoleChange{Account: to, Role: r, By: by, Reason: "needs it"}))
}

// code is c's TOTP code steps steps from now.
func (f *fixture) code(c *Created, steps int) string {
	key, err := base32NoPad.DecodeString(c.TOTP.Secret)
	if err != nil {
		f.t.Fatal(err)
	}
	return hotp(sha1.New, key, uint64(totpStep(f.clk.Now())+int64(steps)), totpDigits)
}

// login moves to the next TOTP step (each code works once) and logs in.
func (f *fixture) login(c *Created, pw string) (*Session, error) {
	f.clk.Advance(totpPeriod * time.Second)
	return f.svc.Login(f.ctx, c.Account.Login, pw, f.code(c, 0), "10.0.0.1")
}

// caseworker makes the admin and an account named name that the admin
// grants Caseworker, signed in with its first password.
func (f *fixture) caseworker(name string) (admin, c *Created, sess *Session) {
	f.t.Helper()
	admin, c = f.admin(), f.create(name)
	f.grant(c.Account.ID, admin.Account.ID, Caseworker)
	sess, err := f.login(c, c.Password)
	f.must(err)
	return admin, c, sess
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) status(id string) Status {
	f.t.Helper()
	a, err := f.svc.Account(f.ctx, id)
	f.must(err)
	return a.Status
}

// testHasher is the real Argon2id hasher at its minimum parameters.
func testHasher(*testing.T) Hasher { return password.NewHasher(password.MinParams(), 4, nil) }

// fast swaps in a hasher without Argon2id's cost, for tests where no
// password is at stake (roles, history, input checks): a salted SHA-256, so
// the stored text still never holds the password.
func fast(c *Config) { c.Hasher = fastHasher{} }

type fastHasher struct{}

func (fastHasher) Hash(_ context.Context, pw string) (string, error) {
	sum := sha256.Sum256([]byte("salt" + pw))
	return "fast$" + hex.EncodeToString(sum[:]), nil
}

func (h fastHasher) Verify(ctx context.Context, encoded, pw string) (bool, bool, error) {
	want, _ := h.Hash(ctx, pw)
	return subtle.ConstantTimeCompare([]byte(want), []byte(encoded)) == 1, false, nil
}
