package citizen

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// lockFor is how long the lock after failures consecutive failures lasts:
// FirstLock at MaxFailures, doubling with every failure after a lock
// expired, at most MaxLock.
func (a *Accounts) lockFor(failures int) time.Duration {
	d := a.cfg.FirstLock
	for n := failures - a.cfg.MaxFailures; n > 0 && d < a.cfg.MaxLock; n-- {
		d *= 2
	}
	return min(d, a.cfg.MaxLock)
}

// loginState is a subject's row of consecutive failures and the last lock.
type loginState struct {
	failures int
	lockedAt *int64
}

func readState(ctx context.Context, tx store.Querier, subject string) (loginState, error) {
	var st loginState
	err := tx.QueryRowContext(ctx, `SELECT failures, locked_at FROM citizen_logins WHERE subject_id = ?`, subject).Scan(&st.failures, &st.lockedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return loginState{}, nil
	}
	return st, errs.WrapIf(err, "citizen: read login state")
}

// until is when the lock of the state ends; zero when it is not locked.
func (a *Accounts) until(st loginState) time.Time {
	if st.lockedAt == nil {
		return time.Time{}
	}
	return time.UnixMicro(*st.lockedAt).Add(a.lockFor(st.failures))
}

// lockedNow reports whether the subject's account is locked now: a lock
// ends by itself once its time is over.
func (a *Accounts) lockedNow(ctx context.Context, tx store.Querier, subject string) (bool, error) {
	st, err := readState(ctx, tx, subject)
	return a.now().Before(a.until(st)), err
}

// countFailure adds a failed login of the subject and locks the account at
// MaxFailures, and again on every failure after a lock expired (for twice
// as long each time). A failure while the account is locked is not
// counted: whoever knows a login cannot lengthen its owner's lock. It
// answers when a lock it set ends (zero when it set none).
func (a *Accounts) countFailure(ctx context.Context, subject string) (time.Time, error) {
	now := a.now()
	var lockedUntil time.Time
	err := a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		st, err := readState(ctx, tx, subject)
		if err != nil || now.Before(a.until(st)) {
			return err
		}
		st.failures++
		if st.failures >= a.cfg.MaxFailures {
			at := now.UnixMicro()
			st.lockedAt = &at
			lockedUntil = a.until(st)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO citizen_logins (subject_id, failures, locked_at) VALUES (?, ?, ?)
			ON CONFLICT (subject_id) DO UPDATE SET failures = excluded.failures, locked_at = excluded.locked_at`,
			subject, st.failures, st.lockedAt)
		return errs.WrapIf(err, "citizen: count a failed login")
	})
	return lockedUntil, err
}

// sources counts failed logins per source address in a fixed window, in
// memory: a restart forgets them, which costs a guesser nothing they could
// not get from a second address, and keeps the database out of it.
type sources struct {
	max    int
	window time.Duration
	mu     sync.Mutex
	seen   map[string]*tally
}

type tally struct {
	start time.Time
	n     int
}

// maxSources bounds the memory a flood of addresses can take; past it the
// oldest windows are forgotten first.
const maxSources = 100000

func newSources(max int, window time.Duration) *sources {
	return &sources{max: max, window: window, seen: map[string]*tally{}}
}

// allowed reports whether the address may try to log in now.
func (s *sources) allowed(addr string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.seen[addr]
	return !ok || now.Sub(t.start) >= s.window || t.n < s.max
}

// failed counts a failed login from the address.
func (s *sources) failed(addr string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.seen[addr]
	if !ok || now.Sub(t.start) >= s.window {
		if !ok && len(s.seen) >= maxSources {
			s.forgetOld(now)
		}
		t = &tally{start: now}
		s.seen[addr] = t
	}
	t.n++
}

// forgetOld drops the windows that are over, and if none is, all of them.
func (s *sources) forgetOld(now time.Time) {
	for addr, t := range s.seen {
		if now.Sub(t.start) >= s.window {
			delete(s.seen, addr)
		}
	}
	if len(s.seen) >= maxSources {
		clear(s.seen)
	}
}

func tooManyAttempts() error {
	return failure(errs.Forbidden, "too_many_attempts", "로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요 (too many failed logins from this address; try again later)")
}

// TellLocked sets how the holder of an account that locks is told
// (Config.Locked), for wiring that has the notification gateways only
// after the accounts exist. Call it before serving.
func (a *Accounts) TellLocked(fn func(ctx context.Context, service, subject string, until time.Time)) {
	a.cfg.Locked = fn
}
