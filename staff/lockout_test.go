package staff

import (
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

// fail sends n logins with a wrong password from source.
func (f *fixture) fail(c *Created, n int, source string) {
	f.t.Helper()
	for range n {
		_, err := f.svc.Login(f.ctx, c.Account.Login, "wrong", "000000", source)
		errstest.Want(f.t, err, errs.Forbidden, "bad_credentials")
	}
}

// A lock ends by itself, with no admin: the first after a minute; a
// failure after it locks again for twice as long. Failures while locked
// are not counted, so whoever knows the login cannot lengthen the lock;
// the holder, who gives the right password and code, is told until when.
func TestLockExpiresWithBackOff(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		f.fail(c, DefaultMaxFailedLogins, "10.0.0.9")
		lockedAt := f.clk.Now()
		f.fail(c, 10, "10.0.0.8") // while locked: not counted
		_, err := f.login(c, c.Password)
		errstest.Want(t, err, errs.Forbidden, "account_locked")
		if until, err := f.svc.LockedUntil(f.ctx, c.Account.Login); err != nil || !until.Equal(lockedAt.Add(time.Minute)) {
			t.Fatalf("locked until %v, %v; want a minute after %v", until, err, lockedAt)
		}
		f.clk.Set(lockedAt.Add(time.Minute))
		if _, err := f.login(c, c.Password); err != nil {
			t.Fatalf("after the first lock's minute: %v", err)
		}
		if st := f.status(c.Account.ID); st != Active {
			t.Fatalf("status after the lock ended = %s", st)
		}

		f.fail(c, DefaultMaxFailedLogins, "10.0.0.9") // locked a minute again: the success started the count anew
		second := f.clk.Now()
		f.clk.Set(second.Add(time.Minute))
		f.fail(c, 1, "10.0.0.9") // the lock is over, the count is not: two minutes now
		third := f.clk.Now()
		f.clk.Set(third.Add(time.Minute)) // the login comes 30 seconds later, still within the two minutes
		_, err = f.login(c, c.Password)
		errstest.Want(t, err, errs.Forbidden, "account_locked")
		f.clk.Set(third.Add(2 * time.Minute))
		if _, err := f.login(c, c.Password); err != nil {
			t.Fatalf("after the doubled lock: %v", err)
		}
		since, err := f.svc.SincePrevious(f.ctx, c.Account.ID)
		if err != nil || since.Failed != DefaultMaxFailedLogins+2 || since.Locks != 2 || since.Previous.IsZero() {
			t.Fatalf("since the previous sign-in: %+v, %v", since, err)
		}
	})
}

// An admin may still lift a lock before it ends.
func TestAdminLiftsLock(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.admin()
		c := f.create("kim.j")
		f.fail(c, DefaultMaxFailedLogins, "10.0.0.9")
		f.must(f.svc.Unlock(f.ctx, c.Account.ID, admin.Account.ID))
		if _, err := f.login(c, c.Password); err != nil {
			t.Fatalf("after the admin's unlock: %v", err)
		}
		errstest.Want(t, f.svc.Unlock(f.ctx, c.Account.ID, admin.Account.ID), errs.Conflict, "not_locked")
	})
}

// Failures from one address across many logins refuse its attempts for a
// while, even with the right password; another address is not refused,
// and the address may try again once the window has passed.
func TestSourceLimit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		for i := range 20 {
			_, err := f.svc.Login(f.ctx, "nobody."+string(rune('a'+i)), "wrong", "000000", "10.0.0.66")
			errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		}
		f.clk.Advance(totpPeriod * time.Second)
		_, err := f.svc.Login(f.ctx, c.Account.Login, c.Password, f.code(c, 0), "10.0.0.66")
		errstest.Want(t, err, errs.Forbidden, "too_many_attempts")
		if _, err := f.login(c, c.Password); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		f.clk.Advance(10 * time.Minute)
		if _, err := f.svc.Login(f.ctx, c.Account.Login, c.Password, f.code(c, 0), "10.0.0.66"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
