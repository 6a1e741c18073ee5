package staff

import (
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/password"
)

func TestChangePassword(t *testing.T) {
	const good = "correct horse 42"
	for name, tt := range map[string]struct {
		id           func(c *Created) string
		old, new     func(c *Created) string
		locked       bool
		code, reason string
	}{
		"Right":          {},
		"TooShort":       {new: fixed("ab12!"), code: errs.Invalid},
		"OneKindShort":   {new: fixed("abcdefghi"), code: errs.Invalid},
		"OneKindTen":     {new: fixed("abcdefghij")},
		"TwoKindsEight":  {new: fixed("abcdef12")},
		"Blank":          {new: fixed("          "), code: errs.Invalid},
		"Control":        {new: fixed("abcdef12\x00xx"), code: errs.Invalid},
		"SameAsOld":      {new: func(c *Created) string { return c.Password }, code: errs.Invalid, reason: "password_reused"},
		"WrongOld":       {old: fixed("not it at all"), code: errs.Forbidden, reason: "bad_credentials"},
		"Locked":         {locked: true, code: errs.Forbidden, reason: "bad_credentials"},
		"UnknownAccount": {id: func(*Created) string { return "stf_aaaaaaaaaaaaaaaa" }, code: errs.NotFound},
		"MalformedID":    {id: func(*Created) string { return "kim.j" }, code: errs.Invalid},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				c := f.create("kim.j")
				if tt.locked {
					lock(func(people) string { return c.Account.ID })(f, people{})
				}
				id, old, pw := c.Account.ID, c.Password, good
				id, old, pw = with(tt.id, c, id), with(tt.old, c, old), with(tt.new, c, pw)
				err := f.svc.ChangePassword(f.ctx, id, old, pw, "10.0.0.1")
				errstest.Want(t, err, tt.code, tt.reason)
				if err != nil {
					return
				}
				a, _ := f.svc.Account(f.ctx, c.Account.ID)
				if a.PasswordChangeRequired {
					t.Fatal("the initial password is still marked")
				}
				_, err = f.login(c, c.Password)
				errstest.Want(t, err, errs.Forbidden, "bad_credentials")
				s, err := f.login(c, pw)
				f.must(err)
				if s.PasswordChangeRequired {
					t.Fatal("session still asks for a change")
				}
			}, fast)
		})
	}
}

func fixed(s string) func(*Created) string { return func(*Created) string { return s } }

func with(fn func(*Created) string, c *Created, def string) string {
	if fn == nil {
		return def
	}
	return fn(c)
}

// A wrong old password counts towards the lock like a failed login.
func TestChangePasswordCountsFailures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		for range DefaultMaxFailedLogins {
			err := f.svc.ChangePassword(f.ctx, c.Account.ID, "guess guess", "correct horse 42", "10.0.0.1")
			errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		}
		if st := f.status(c.Account.ID); st != Locked {
			t.Fatalf("status = %s", st)
		}
	}, fast)
}

// A hash made with weaker parameters than the hasher's is replaced at the
// next successful login.
func TestLoginRehashes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		stronger := password.MinParams()
		stronger.Time++
		f.svc.cfg.Hasher = password.NewHasher(stronger, 2, nil)
		_, err := f.login(c, c.Password)
		f.must(err)
		var hash string
		f.must(f.sql.Reader().QueryRowContext(f.ctx, `SELECT password_hash FROM staff_accounts WHERE id = ?`, c.Account.ID).Scan(&hash))
		if !strings.Contains(hash, ",t=3,") {
			t.Fatalf("hash after login = %.40s..., want t=3", hash)
		}
		_, err = f.login(c, c.Password)
		f.must(err)
	})
}
