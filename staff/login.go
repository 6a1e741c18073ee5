package staff

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/store"
)

// Login outcomes as the login history records them. The caller sees only
// bad_credentials for the first three, so it cannot tell them apart.
const (
	outcomeOK           = "ok"
	outcomeUnknownLogin = "unknown_login"
	outcomeBadPassword  = "bad_password"
	outcomeBadTOTP      = "bad_totp"
	outcomeLocked       = "account_locked"
	outcomeDisabled     = "account_disabled"
)

// badCredentials is the one answer to a wrong login name, password or code.
func badCredentials() error {
	return errs.WithReason(errs.Forbidden, "bad_credentials", "staff: wrong login name, password or code")
}

// loginRow is what Login reads of an account.
type loginRow struct {
	id, hash string
	status   Status
	sealed   []byte
	lastStep int64
	failed   int    // consecutive failures
	lockedAt *int64 // when the account was last locked (micros); nil: never
}

// Login checks a login name, password and TOTP code, and opens a session.
// Every failure answers errs.Forbidden "bad_credentials", whether or not
// the login name exists. MaxFailedLogins consecutive failures lock the
// account for FirstLock, and each failure after a lock expired locks it
// again for twice as long (up to MaxLock); a failure while it is locked is
// not counted, so whoever knows a login cannot lengthen its holder's lock.
// A lock ends by itself. A locked (or disabled) account answers
// "account_locked" (or "account_disabled"), and only to someone who gave
// the right password and code, so the lock does not become a password
// oracle. Too many failures from one address refuse its further attempts
// ("too_many_attempts") for a while, whatever the login. Every attempt is
// recorded with its time, source and outcome.
func (s *Service) Login(ctx context.Context, login, password, code, source string) (*Session, error) {
	if err := checkText("the source", source, 100); err != nil {
		return nil, err
	}
	if !s.sources.Allowed(source, s.now()) {
		return nil, errs.WithReason(errs.Forbidden, "too_many_attempts", "staff: too many failed logins from this address; try again later")
	}
	acc, err := s.loginRow(ctx, login)
	if err != nil {
		return nil, err
	}
	if acc == nil {
		s.sources.Failed(source, s.now())
		return nil, s.unknownLogin(ctx, password, source)
	}
	step, rehash, outcome, err := s.checkFactors(ctx, acc, password, code)
	switch {
	case err != nil:
		return nil, err
	case outcome != "":
		s.sources.Failed(source, s.now())
		return nil, s.failed(ctx, acc.id, source, outcome, s.counted(acc))
	case acc.status == Disabled || s.lockedNow(acc):
		return nil, s.refused(ctx, acc, source)
	}
	return s.succeed(ctx, acc, step, source, s.rehash(ctx, rehash, password))
}

// counted is acc when a failure on it counts: not while it is locked (a
// guesser cannot lengthen the holder's lock), nor once it is disabled.
func (s *Service) counted(acc *loginRow) *loginRow {
	if acc.status == Disabled || s.lockedNow(acc) {
		return nil
	}
	return acc
}

// lockedNow reports whether the account's lock has not ended yet.
func (s *Service) lockedNow(acc *loginRow) bool {
	return acc.status == Locked && s.now().Before(s.lockedUntil(acc))
}

// lockedUntil is when the account's last lock ends (zero: never locked).
func (s *Service) lockedUntil(acc *loginRow) time.Time {
	var at time.Time
	if acc.lockedAt != nil {
		at = fromMicros(*acc.lockedAt)
	}
	return s.lockout.Until(acc.failed, at)
}

// LockedUntil is when the lock of the account with this login name ends;
// zero when it is not locked now. The sign-in page tells it to someone who
// gave the right password and code (the holder).
func (s *Service) LockedUntil(ctx context.Context, login string) (time.Time, error) {
	acc, err := s.loginRow(ctx, login)
	if err != nil || acc == nil || !s.lockedNow(acc) {
		return time.Time{}, err
	}
	return s.lockedUntil(acc), nil
}

// checkFactors checks the password, then the TOTP code. A factor that fails
// gives its outcome; the step is the code's, to be used up on success.
func (s *Service) checkFactors(ctx context.Context, acc *loginRow, password, code string) (step int64, rehash bool, outcome string, err error) {
	ok, rehash, err := s.cfg.Hasher.Verify(ctx, acc.hash, password)
	if err != nil || !ok {
		return 0, false, outcomeBadPassword, err
	}
	step, err = s.checkCode(ctx, acc, code)
	if err != nil || step == 0 {
		return 0, false, outcomeBadTOTP, err
	}
	return step, rehash, "", nil
}

// loginRow reads the account with this login name; none is nil, nil. A
// malformed login name cannot exist, so it is none too.
func (s *Service) loginRow(ctx context.Context, login string) (*loginRow, error) {
	login, err := normalizeLogin(login)
	if err != nil {
		return nil, nil
	}
	var r loginRow
	err = s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT id, password_hash, status, totp_sealed, totp_last_step, failed_logins,
		(SELECT MAX(h.at) FROM staff_account_history h WHERE h.account_id = a.id AND h.event = 'locked')
		FROM staff_accounts a WHERE login = ?`, login).Scan(&r.id, &r.hash, &r.status, &r.sealed, &r.lastStep, &r.failed, &r.lockedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.WrapIf(err, "staff: read account")
	}
	return &r, nil
}

// unknownLogin spends the time a real password check takes, so timing does
// not tell an unknown login name either, and records the attempt.
func (s *Service) unknownLogin(ctx context.Context, password, source string) error {
	s.dummyOnce.Do(func() {
		pw, err := s.initialPassword()
		if err == nil {
			s.dummy, _ = s.cfg.Hasher.Hash(ctx, pw)
		}
	})
	if s.dummy != "" {
		if _, _, err := s.cfg.Hasher.Verify(ctx, s.dummy, password); err != nil {
			return err
		}
	}
	return s.failed(ctx, "", source, outcomeUnknownLogin, nil)
}

// checkCode opens the TOTP secret and matches code; 0 means no match.
func (s *Service) checkCode(ctx context.Context, acc *loginRow, code string) (int64, error) {
	k, err := s.dataKeys(ctx)
	if err != nil {
		return 0, err
	}
	secret, err := keys.Open(k.totp, acc.sealed, totpAAD(acc.id))
	if err != nil {
		return 0, err
	}
	defer keys.Zero(secret)
	step, _ := matchTOTP(secret, code, s.now(), acc.lastStep)
	return step, nil
}

// failed records a failed attempt on account id ("" for an unknown login)
// and, when acc is given, counts it against acc (which locks the account
// at the limit); it answers bad_credentials.
func (s *Service) failed(ctx context.Context, id, source, outcome string, acc *loginRow) error {
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if acc != nil {
			if err := s.countFailure(ctx, tx, acc); err != nil {
				return err
			}
		}
		return s.loginEvent(ctx, tx, id, source, outcome)
	})
	if err != nil {
		return err
	}
	return badCredentials()
}

// countFailure adds one consecutive failure to the account and, from
// MaxFailedLogins on, locks it (again), ending its sessions: the lock's
// time is its history's "locked" event, and its length the back-off's. An
// active account counts every failure until it locks; one whose lock has
// expired counts only the first failure after it (which locks it again),
// so concurrent failures lock it exactly once.
func (s *Service) countFailure(ctx context.Context, tx store.Querier, acc *loginRow) error {
	expired := -1
	if acc.status == Locked {
		expired = acc.failed
	}
	res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET failed_logins = failed_logins + 1
		WHERE id = ? AND (status = 'active' OR (status = 'locked' AND failed_logins = ?))`, acc.id, expired)
	if n, err := affected(res, err); n == 0 || err != nil {
		return errs.WrapIf(err, "staff: count a failed login")
	}
	res, err = tx.ExecContext(ctx, `UPDATE staff_accounts SET status = 'locked'
		WHERE id = ? AND status <> 'disabled' AND failed_logins >= ?`, acc.id, s.lockout.MaxFailures)
	if n, err := affected(res, err); n == 0 || err != nil {
		return err
	}
	if err := endSessions(ctx, tx, acc.id); err != nil {
		return err
	}
	return s.accountEvent(ctx, tx, acc.id, "locked", "system", "consecutive failed logins")
}

// refused records and answers a right password and code on an account that
// is locked or disabled.
func (s *Service) refused(ctx context.Context, acc *loginRow, source string) error {
	outcome := outcomeLocked
	if acc.status == Disabled {
		outcome = outcomeDisabled
	}
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		return s.loginEvent(ctx, tx, acc.id, source, outcome)
	})
	if err != nil {
		return err
	}
	if outcome == outcomeLocked {
		return errs.WithReason(errs.Forbidden, outcome, "staff: the account is locked until %s; it unlocks by itself", s.lockedUntil(acc).UTC().Format(time.RFC3339))
	}
	return errs.WithReason(errs.Forbidden, outcome, "staff: the account is disabled; ask an admin")
}
