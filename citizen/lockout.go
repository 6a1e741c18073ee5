package citizen

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/password"
	"jikimi/store"
)

// lockout is the back-off of the accounts' configuration.
func (a *Accounts) lockout() password.Lockout {
	return password.Lockout{MaxFailures: a.cfg.MaxFailures, FirstLock: a.cfg.FirstLock, MaxLock: a.cfg.MaxLock}
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
	return a.lockout().Until(st.failures, time.UnixMicro(*st.lockedAt))
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

func tooManyAttempts() error {
	return errs.WithReason(errs.Forbidden, "too_many_attempts", "로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요 (too many failed logins from this address; try again later)")
}

// TellLocked sets how the holder of an account that locks is told
// (Config.Locked), for wiring that has the notification gateways only
// after the accounts exist. Call it before serving.
func (a *Accounts) TellLocked(fn func(ctx context.Context, service, subject string, until time.Time)) {
	a.cfg.Locked = fn
}
