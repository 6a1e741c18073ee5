package staff

import (
	"errors"
	"sync"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

func TestLogin(t *testing.T) {
	for name, tt := range map[string]struct {
		login, password, code func(f *fixture, c *Created) string
		source                string
		errCode, reason       string
		outcome               string // recorded for the account; "" when none is
	}{
		"Right":             {outcome: outcomeOK},
		"LoginCaseFolded":   {login: func(*fixture, *Created) string { return "KIM.J" }, outcome: outcomeOK},
		"PreviousStep":      {code: step(-1), outcome: outcomeOK},
		"NextStep":          {code: step(1), outcome: outcomeOK},
		"WrongPassword":     {password: text("not the password"), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadPassword},
		"EmptyPassword":     {password: text(""), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadPassword},
		"UnknownLogin":      {login: text("nobody"), errCode: errs.Forbidden, reason: "bad_credentials"},
		"MalformedLogin":    {login: text("no body!"), errCode: errs.Forbidden, reason: "bad_credentials"},
		"WrongCode":         {code: wrongCode, errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"NoCode":            {code: text(""), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"CodeWithLetters":   {code: text("12345a"), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"TwoStepsAgo":       {code: step(-2), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"TwoStepsAhead":     {code: step(2), errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"ReplayedCode":      {code: replayed, errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"EarlierThanUsed":   {code: earlierThanUsed, errCode: errs.Forbidden, reason: "bad_credentials", outcome: outcomeBadTOTP},
		"EmptySource":       {source: " ", errCode: errs.Invalid},
		"SourceWithNewline": {source: "10.0.0.1\nforged", errCode: errs.Invalid},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				c := f.create("kim.j")
				f.clk.Advance(time.Minute)
				login, pw, code := c.Account.Login, c.Password, f.code(c, 0)
				login = apply(tt.login, f, c, login)
				pw = apply(tt.password, f, c, pw)
				code = apply(tt.code, f, c, code)
				source := or(tt.source, "10.0.0.1")
				sess, err := f.svc.Login(f.ctx, login, pw, code, source)
				errstest.Want(t, err, tt.errCode, tt.reason)
				if err == nil {
					wantSession(t, f, sess, c)
				}
				wantLastOutcome(t, f, c.Account.ID, tt.outcome, source)
			})
		})
	}
}

func text(s string) func(*fixture, *Created) string {
	return func(*fixture, *Created) string { return s }
}

func step(n int) func(*fixture, *Created) string {
	return func(f *fixture, c *Created) string { return f.code(c, n) }
}

func wrongCode(f *fixture, c *Created) string {
	code := []byte(f.code(c, 0))
	code[0] = '0' + (code[0]-'0'+1)%10
	return string(code)
}

// replayed logs in with the current code, then answers it again.
func replayed(f *fixture, c *Created) string {
	code := f.code(c, 0)
	_, err := f.svc.Login(f.ctx, c.Account.Login, c.Password, code, "10.0.0.1")
	f.must(err)
	return code
}

// earlierThanUsed logs in with the next step's code, then answers the
// current one: still in the window, but older than the one used.
func earlierThanUsed(f *fixture, c *Created) string {
	_, err := f.svc.Login(f.ctx, c.Account.Login, c.Password, f.code(c, 1), "10.0.0.1")
	f.must(err)
	return f.code(c, 0)
}

func apply(fn func(*fixture, *Created) string, f *fixture, c *Created, def string) string {
	if fn == nil {
		return def
	}
	return fn(f, c)
}

func wantSession(t *testing.T, f *fixture, s *Session, c *Created) {
	t.Helper()
	now := f.clk.Now()
	if s.AccountID != c.Account.ID || s.Token == "" || s.ID == "" || s.Source != "10.0.0.1" || !s.PasswordChangeRequired {
		t.Fatalf("session = %+v", s)
	}
	if !s.CreatedAt.Equal(now) || !s.IdleExpiry.Equal(now.Add(DefaultIdleTimeout)) || !s.Expiry.Equal(now.Add(DefaultSessionLifetime)) {
		t.Fatalf("session times = %v, %v, %v at %v", s.CreatedAt, s.IdleExpiry, s.Expiry, now)
	}
}

// wantLastOutcome checks the last login recorded for id; "" wants none.
func wantLastOutcome(t *testing.T, f *fixture, id, outcome, source string) {
	t.Helper()
	h, err := f.svc.LoginHistory(f.ctx, id)
	f.must(err)
	switch {
	case outcome == "" && len(h) > 0:
		t.Fatalf("login history = %+v, want none", h)
	case outcome == "":
	case len(h) == 0:
		t.Fatalf("no login recorded, want %s", outcome)
	case h[len(h)-1].Outcome != outcome || h[len(h)-1].Source != source || !h[len(h)-1].At.Equal(f.clk.Now()):
		t.Fatalf("last login = %+v, want %s from %s at %v", h[len(h)-1], outcome, source, f.clk.Now())
	}
}

// A wrong password and an unknown login name get the very same answer.
func TestSameAnswerForUnknownLogin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		_, wrong := f.svc.Login(f.ctx, c.Account.Login, "guess", f.code(c, 0), "10.0.0.1")
		_, unknown := f.svc.Login(f.ctx, "lee.s", "guess", "123456", "10.0.0.1")
		_, badCode := f.svc.Login(f.ctx, c.Account.Login, c.Password, "123456", "10.0.0.1")
		var a, b, d *errs.Error
		if !errors.As(wrong, &a) || !errors.As(unknown, &b) || !errors.As(badCode, &d) || *a != *b || *a != *d {
			t.Fatalf("wrong password: %#v; unknown login: %#v; wrong code: %#v", wrong, unknown, badCode)
		}
		h, err := f.svc.LoginHistory(f.ctx, "")
		f.must(err)
		if len(h) != 1 || h[0].Outcome != outcomeUnknownLogin {
			t.Fatalf("unknown logins recorded = %+v", h)
		}
	})
}

func TestLockout(t *testing.T) {
	for name, tt := range map[string]struct {
		max      int // MaxFailedLogins; 0: the default
		failures int
		want     Status
	}{
		"FourOfFive":   {failures: 4, want: Active},
		"FiveOfFive":   {failures: 5, want: Locked},
		"SixOfFive":    {failures: 6, want: Locked},
		"TwoOfThree":   {max: 3, failures: 2, want: Active},
		"ThreeOfThree": {max: 3, failures: 3, want: Locked},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				c := f.create("kim.j")
				for range tt.failures {
					_, err := f.svc.Login(f.ctx, c.Account.Login, "wrong", f.code(c, 0), "10.0.0.9")
					errstest.Want(t, err, errs.Forbidden, "bad_credentials")
				}
				if st := f.status(c.Account.ID); st != tt.want {
					t.Fatalf("status = %s, want %s", st, tt.want)
				}
				_, err := f.login(c, c.Password)
				if tt.want == Locked {
					errstest.Want(t, err, errs.Forbidden, "account_locked")
				} else {
					f.must(err)
				}
			}, func(c *Config) { c.MaxFailedLogins = tt.max })
		})
	}
}

// Failures count only while consecutive: a success starts the count again.
func TestSuccessResetsFailures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		for range 2 {
			for range DefaultMaxFailedLogins - 1 {
				_, err := f.svc.Login(f.ctx, c.Account.Login, "wrong", "000000", "10.0.0.9")
				errstest.Want(t, err, errs.Forbidden, "bad_credentials")
			}
			_, err := f.login(c, c.Password)
			f.must(err)
		}
		if st := f.status(c.Account.ID); st != Active {
			t.Fatalf("status = %s", st)
		}
	})
}

// A locked account tells it is locked only to the right password and code;
// anyone else gets bad_credentials, so the lock is no password oracle.
func TestLockedAccount(t *testing.T) {
	for name, tt := range map[string]struct {
		password     func(c *Created) string
		code         func(f *fixture, c *Created) string
		reason       string
		outcome      string
		failuresKept int
	}{
		"RightPassword": {password: func(c *Created) string { return c.Password }, code: step(0), reason: "account_locked", outcome: outcomeLocked},
		"WrongPassword": {password: func(*Created) string { return "wrong" }, code: step(0), reason: "bad_credentials", outcome: outcomeBadPassword},
		"WrongCode":     {password: func(c *Created) string { return c.Password }, code: wrongCode, reason: "bad_credentials", outcome: outcomeBadTOTP},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				c := f.create("kim.j")
				lock(func(people) string { return c.Account.ID })(f, people{})
				f.clk.Advance(totpPeriod * time.Second) // a new code, within the lock's first minute
				_, err := f.svc.Login(f.ctx, c.Account.Login, tt.password(c), tt.code(f, c), "10.0.0.1")
				errstest.Want(t, err, errs.Forbidden, tt.reason)
				wantLastOutcome(t, f, c.Account.ID, tt.outcome, "10.0.0.1")
				if st := f.status(c.Account.ID); st != Locked {
					t.Fatalf("status = %s", st)
				}
			})
		})
	}
}

func TestUnlock(t *testing.T) {
	for name, tt := range map[string]struct {
		locked       bool
		id, by       func(p people) string
		code, reason string
	}{
		"ByAdmin":        {locked: true},
		"NotLocked":      {code: errs.Conflict, reason: "not_locked"},
		"ByNonAdmin":     {locked: true, by: func(p people) string { return p.worker }, code: errs.Forbidden, reason: "not_admin"},
		"BySelf":         {locked: true, id: func(p people) string { return p.admin2 }, by: func(p people) string { return p.admin2 }, code: errs.Forbidden, reason: "self_admin"},
		"UnknownAccount": {locked: true, id: func(people) string { return "stf_aaaaaaaaaaaaaaaa" }, code: errs.NotFound},
		"MalformedBy":    {locked: true, by: func(people) string { return "admin" }, code: errs.Invalid},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				p := cast(f)
				if tt.locked {
					lock(func(p people) string { return p.target })(f, p)
				}
				id, by := pick(tt.id, p, p.target), pick(tt.by, p, p.admin)
				err := f.svc.Unlock(f.ctx, id, by)
				errstest.Want(t, err, tt.code, tt.reason)
				want := Active
				if err != nil && tt.locked {
					want = Locked
				}
				if st := f.status(p.target); st != want {
					t.Fatalf("status = %s, want %s", st, want)
				}
			}, fast)
		})
	}
}

func pick(fn func(people) string, p people, def string) string {
	if fn == nil {
		return def
	}
	return fn(p)
}

// After an unlock the right password works again and the count starts anew.
func TestUnlockThenLogin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := cast(f)
		target, err := f.svc.Account(f.ctx, p.target)
		f.must(err)
		lock(func(p people) string { return p.target })(f, p)
		f.must(f.svc.Unlock(f.ctx, p.target, p.admin))
		if a, _ := f.svc.Account(f.ctx, p.target); a.FailedLogins != 0 {
			t.Fatalf("failed logins after unlock = %d", a.FailedLogins)
		}
		// The fixture made target's password; a fresh account shows the flow.
		c := f.create("kim.j")
		_, err = f.login(c, c.Password)
		f.must(err)
		events, err := f.svc.AccountHistory(f.ctx, p.target)
		f.must(err)
		got := []string{}
		for _, e := range events {
			got = append(got, e.Event+" by "+e.By)
		}
		want := []string{"created by operator", "locked by system", "unlocked by " + p.admin}
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Fatalf("%s history = %v, want %v", target.Login, got, want)
		}
	}, fast)
}

func TestDisable(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.admin()
		c := f.create("kim.j")
		sess, err := f.login(c, c.Password)
		f.must(err)
		errstest.Want(t, f.svc.Disable(f.ctx, c.Account.ID, admin.Account.ID, ""), errs.Invalid, "")
		errstest.Want(t, f.svc.Disable(f.ctx, c.Account.ID, c.Account.ID, "quit"), errs.Forbidden, "self_admin")
		f.must(f.svc.Disable(f.ctx, c.Account.ID, admin.Account.ID, "left the organisation"))
		errstest.Want(t, f.svc.Disable(f.ctx, c.Account.ID, admin.Account.ID, "again"), errs.Conflict, "account_disabled")
		_, err = f.svc.Authenticate(f.ctx, sess.Token)
		errstest.Want(t, err, errs.Unauthenticated, "session_invalid")
		_, err = f.login(c, c.Password)
		errstest.Want(t, err, errs.Forbidden, "account_disabled")
		errstest.Want(t, f.svc.Unlock(f.ctx, c.Account.ID, admin.Account.ID), errs.Conflict, "not_locked")
	}, fast)
}

// A flood of concurrent failed logins locks the account exactly at the
// limit, and every attempt gets the same answer and is recorded.
func TestConcurrentFailures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		const n = 12
		errc := make(chan error, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_, err := f.svc.Login(f.ctx, c.Account.Login, "wrong", "000000", "10.0.0.9")
				errc <- err
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		}
		a, err := f.svc.Account(f.ctx, c.Account.ID)
		f.must(err)
		h, err := f.svc.LoginHistory(f.ctx, c.Account.ID)
		f.must(err)
		if a.Status != Locked || a.FailedLogins != DefaultMaxFailedLogins || len(h) != n {
			t.Fatalf("after %d failures: %s with %d counted, %d recorded", n, a.Status, a.FailedLogins, len(h))
		}
	})
}
