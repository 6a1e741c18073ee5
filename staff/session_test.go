package staff

import (
	"bytes"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

func TestSessions(t *testing.T) {
	uses := func(every time.Duration, n int) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = every
		}
		return out
	}
	for name, tt := range map[string]struct {
		waits  []time.Duration // the session is used after each wait
		logout bool
		token  string // used instead of the session's, when set
		opts   func(*Config)
		reason string // of the last use; "" wants success
	}{
		"Fresh":              {waits: []time.Duration{0}},
		"JustBeforeIdle":     {waits: []time.Duration{DefaultIdleTimeout - time.Second}},
		"Idle":               {waits: []time.Duration{DefaultIdleTimeout}, reason: "session_invalid"},
		"UseRefreshesIdle":   {waits: uses(20*time.Minute, 5)},
		"IdleAfterUse":       {waits: []time.Duration{20 * time.Minute, DefaultIdleTimeout}, reason: "session_invalid"},
		"JustBeforeAbsolute": {waits: append(uses(20*time.Minute, 35), 19*time.Minute)},
		"Absolute":           {waits: uses(20*time.Minute, 36), reason: "session_invalid"},
		"ShortIdleSetting":   {waits: []time.Duration{5 * time.Minute}, opts: func(c *Config) { c.IdleTimeout = 5 * time.Minute }, reason: "session_invalid"},
		"ShortLifetime":      {waits: uses(time.Minute, 60), opts: func(c *Config) { c.SessionLifetime = time.Hour }, reason: "session_invalid"},
		"Logout":             {waits: []time.Duration{0}, logout: true, reason: "session_invalid"},
		"UnknownToken":       {waits: []time.Duration{0}, token: "not-a-token", reason: "session_invalid"},
		"EmptyToken":         {waits: []time.Duration{0}, token: " ", reason: "session_invalid"},
	} {
		t.Run(name, func(t *testing.T) {
			opts := fast
			if tt.opts != nil {
				opts = func(c *Config) { fast(c); tt.opts(c) }
			}
			each(t, func(t *testing.T, f *fixture) {
				c := f.create("kim.j")
				sess, err := f.login(c, c.Password)
				f.must(err)
				if tt.logout {
					f.must(f.svc.Logout(f.ctx, sess.Token))
				}
				token := or(tt.token, sess.Token)
				for i, wait := range tt.waits {
					f.clk.Advance(wait)
					got, err := f.svc.Authenticate(f.ctx, token)
					if i < len(tt.waits)-1 {
						f.must(err)
						continue
					}
					errstest.Want(t, err, codeOf(tt.reason), tt.reason)
					if err == nil && (got.ID != sess.ID || !got.IdleExpiry.Equal(f.clk.Now().Add(f.svc.cfg.IdleTimeout)) || !got.Expiry.Equal(sess.Expiry)) {
						t.Fatalf("session = %+v, logged in as %+v", got, sess)
					}
				}
			}, opts)
		})
	}
}

// An expired session is gone for good: going back in time does not revive it.
func TestExpiredSessionIsDeleted(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		sess, err := f.login(c, c.Password)
		f.must(err)
		f.clk.Advance(DefaultIdleTimeout)
		_, err = f.svc.Authenticate(f.ctx, sess.Token)
		errstest.Want(t, err, errs.Unauthenticated, "session_invalid")
		f.clk.Advance(-DefaultIdleTimeout)
		_, err = f.svc.Authenticate(f.ctx, sess.Token)
		errstest.Want(t, err, errs.Unauthenticated, "session_invalid")
	}, fast)
}

func TestLogoutIsIdempotent(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		one, err := f.login(c, c.Password)
		f.must(err)
		two, err := f.login(c, c.Password)
		f.must(err)
		f.must(f.svc.Logout(f.ctx, one.Token))
		f.must(f.svc.Logout(f.ctx, one.Token))
		f.must(f.svc.Logout(f.ctx, "never issued"))
		_, err = f.svc.Authenticate(f.ctx, two.Token)
		f.must(err) // the other session lives on
	}, fast)
}

func TestPurgeSessions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		old, err := f.login(c, c.Password)
		f.must(err)
		f.clk.Advance(DefaultIdleTimeout - time.Minute)
		fresh, err := f.login(c, c.Password)
		f.must(err)
		f.clk.Advance(time.Minute)
		n, err := f.svc.PurgeSessions(f.ctx)
		f.must(err)
		if n != 1 {
			t.Fatalf("purged %d sessions, want 1", n)
		}
		_, err = f.svc.Authenticate(f.ctx, fresh.Token)
		f.must(err)
		_, err = f.svc.Authenticate(f.ctx, old.Token)
		errstest.Want(t, err, errs.Unauthenticated, "session_invalid")
	}, fast)
}

// The database keeps the token's SHA-256, never the token.
func TestTokenNotStored(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("kim.j")
		sess, err := f.login(c, c.Password)
		f.must(err)
		var hash []byte
		err = f.sql.Reader().QueryRowContext(f.ctx, `SELECT token_hash FROM staff_sessions WHERE id = ?`, sess.ID).Scan(&hash)
		f.must(err)
		if !bytes.Equal(hash, tokenHash(sess.Token)) || bytes.Contains(hash, []byte(sess.Token)) {
			t.Fatalf("stored %x for token %q", hash, sess.Token)
		}
	}, fast)
}

// codeOf is the code of a refused session: "" when there is no reason.
func codeOf(reason string) string {
	if reason == "" {
		return ""
	}
	return errs.Unauthenticated
}
