package staff

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store"
)

func TestCreate(t *testing.T) {
	for name, tt := range map[string]struct {
		first        *NewAccount // created before, when set
		n            NewAccount
		code, reason string
	}{
		"Valid":               {n: NewAccount{Login: "kim.j", Name: "김지민", Person: "E-1001"}},
		"LoginCaseFolded":     {first: &NewAccount{Login: "kim.j", Name: "a", Person: "E-1"}, n: NewAccount{Login: "KIM.J", Name: "b", Person: "E-2"}, code: errs.Conflict, reason: "login_taken"},
		"DuplicateLogin":      {first: &NewAccount{Login: "kim.j", Name: "a", Person: "E-1"}, n: NewAccount{Login: "kim.j", Name: "b", Person: "E-2"}, code: errs.Conflict, reason: "login_taken"},
		"DuplicatePerson":     {first: &NewAccount{Login: "kim.j", Name: "a", Person: "E-1"}, n: NewAccount{Login: "kim.j2", Name: "a", Person: "E-1"}, code: errs.Conflict, reason: "person_has_account"},
		"DuplicatePersonCase": {first: &NewAccount{Login: "kim.j", Name: "a", Person: "e-1"}, n: NewAccount{Login: "kim.j2", Name: "a", Person: " E-1 "}, code: errs.Conflict, reason: "person_has_account"},
		"OtherPerson":         {first: &NewAccount{Login: "kim.j", Name: "a", Person: "E-1"}, n: NewAccount{Login: "lee.s", Name: "b", Person: "E-2"}},
		"EmptyLogin":          {n: NewAccount{Login: "", Name: "a", Person: "E-1"}, code: errs.Invalid},
		"ShortLogin":          {n: NewAccount{Login: "ab", Name: "a", Person: "E-1"}, code: errs.Invalid},
		"LongLogin":           {n: NewAccount{Login: strings.Repeat("a", 65), Name: "a", Person: "E-1"}, code: errs.Invalid},
		"LoginWithSpace":      {n: NewAccount{Login: "kim j", Name: "a", Person: "E-1"}, code: errs.Invalid},
		"LoginNotASCII":       {n: NewAccount{Login: "김지민", Name: "a", Person: "E-1"}, code: errs.Invalid},
		"EmptyName":           {n: NewAccount{Login: "kim.j", Name: " ", Person: "E-1"}, code: errs.Invalid},
		"LongName":            {n: NewAccount{Login: "kim.j", Name: strings.Repeat("가", 101), Person: "E-1"}, code: errs.Invalid},
		"NameWithControl":     {n: NewAccount{Login: "kim.j", Name: "a\nb", Person: "E-1"}, code: errs.Invalid},
		"NameNotUTF8":         {n: NewAccount{Login: "kim.j", Name: "a\xff", Person: "E-1"}, code: errs.Invalid},
		"EmptyPerson":         {n: NewAccount{Login: "kim.j", Name: "a", Person: ""}, code: errs.Invalid},
		"PersonWithSpace":     {n: NewAccount{Login: "kim.j", Name: "a", Person: "E 1"}, code: errs.Invalid},
		"LongPerson":          {n: NewAccount{Login: "kim.j", Name: "a", Person: strings.Repeat("1", 33)}, code: errs.Invalid},
		"ByMalformed":         {n: NewAccount{Login: "kim.j", Name: "a", Person: "E-1", By: "admin"}, code: errs.Invalid},
		"ByUnknown":           {n: NewAccount{Login: "kim.j", Name: "a", Person: "E-1", By: "stf_nobody"}, code: errs.Forbidden, reason: "not_admin"},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				if tt.first != nil {
					_, err := f.svc.Create(f.ctx, *tt.first)
					f.must(err)
				}
				c, err := f.svc.Create(f.ctx, tt.n)
				errstest.Want(t, err, tt.code, tt.reason)
				if err == nil {
					wantCreated(t, f, c)
				}
			}, fast)
		})
	}
}

var accountID = regexp.MustCompile(`^stf_[a-z2-7]{26}$`)

// wantCreated checks what Create returns against what is stored.
func wantCreated(t *testing.T, f *fixture, c *Created) {
	t.Helper()
	if !accountID.MatchString(c.Account.ID) {
		t.Errorf("ID = %q", c.Account.ID)
	}
	got, err := f.svc.Account(f.ctx, c.Account.ID)
	f.must(err)
	if *got != c.Account {
		t.Errorf("stored %+v, returned %+v", *got, c.Account)
	}
	if got.Status != Active || !got.PasswordChangeRequired || !got.CreatedAt.Equal(epoch) {
		t.Errorf("new account = %+v", got)
	}
	if len(c.Password) < 20 {
		t.Errorf("initial password too short: %d characters", len(c.Password))
	}
	u, err := url.Parse(c.TOTP.URI)
	if err != nil || u.Scheme != "otpauth" || u.Query().Get("secret") != c.TOTP.Secret {
		t.Errorf("TOTP URI = %q", c.TOTP.URI)
	}
}

func TestCreateByAdmin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.admin()
		worker := f.create("worker")
		n := NewAccount{Login: "kim.j", Name: "a", Person: "E-1", By: admin.Account.ID}
		_, err := f.svc.Create(f.ctx, n)
		f.must(err)
		n = NewAccount{Login: "lee.s", Name: "b", Person: "E-2", By: worker.Account.ID}
		_, err = f.svc.Create(f.ctx, n)
		errstest.Want(t, err, errs.Forbidden, "not_admin")
		events, err := f.svc.AccountHistory(f.ctx, admin.Account.ID)
		f.must(err)
		if len(events) != 1 || events[0].Event != "created" || events[0].By != operator {
			t.Fatalf("admin's history = %+v", events)
		}
	}, fast)
}

func TestAccountLookups(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for name, tt := range map[string]struct {
			id, code string
		}{
			"Unknown":   {"stf_aaaaaaaaaaaaaaaa", errs.NotFound},
			"Malformed": {"kim.j", errs.Invalid},
			"Empty":     {"", errs.Invalid},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := f.svc.Account(f.ctx, tt.id)
				errstest.Want(t, err, tt.code, "")
				_, err = f.svc.Roles(f.ctx, tt.id)
				if tt.code == errs.Invalid {
					errstest.Want(t, err, tt.code, "")
				}
			})
		}
		f.create("lee.s")
		f.create("kim.j")
		all, err := f.svc.Accounts(f.ctx)
		f.must(err)
		if len(all) != 2 || all[0].Login != "kim.j" || all[1].Login != "lee.s" {
			t.Fatalf("Accounts = %+v", all)
		}
	}, fast)
}

func TestNewRefusesBadConfig(t *testing.T) {
	f := newFixture(t, store.SQLite)
	good := f.svc.cfg
	for name, mod := range map[string]func(*Config){
		"NoSQL":           func(c *Config) { c.SQL = nil },
		"NoClock":         func(c *Config) { c.Clock = nil },
		"NoHasher":        func(c *Config) { c.Hasher = nil },
		"NoWrapper":       func(c *Config) { c.Wrapper = nil },
		"NegativeLockout": func(c *Config) { c.MaxFailedLogins = -1 },
		"NegativeIdle":    func(c *Config) { c.IdleTimeout = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := good
			mod(&cfg)
			_, err := New(cfg)
			errstest.Want(t, err, errs.Invalid, "")
		})
	}
}
