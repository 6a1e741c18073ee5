package staff

import (
	"context"
	"database/sql"
	"errors"

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
	return failure(errs.Forbidden, "bad_credentials", "staff: wrong login name, password or code")
}

// loginRow is what Login reads of an account.
type loginRow struct {
	id, hash string
	status   Status
	sealed   []byte
	lastStep int64
}

// Login checks a login name, password and TOTP code, and opens a session.
// Every failure answers errs.Forbidden "bad_credentials", whether or not
// the login name exists. After MaxFailedLogins consecutive failures the
// account locks; a locked (or disabled) account answers "account_locked"
// (or "account_disabled"), and only to someone who gave the right password
// and code, so the lock does not become a password oracle. Every attempt is
// recorded with its time, source and outcome.
func (s *Service) Login(ctx context.Context, login, password, code, source string) (*Session, error) {
	if err := checkText("the source", source, 100); err != nil {
		return nil, err
	}
	acc, err := s.loginRow(ctx, login)
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, s.unknownLogin(ctx, password, source)
	}
	step, rehash, outcome, err := s.checkFactors(ctx, acc, password, code)
	switch {
	case err != nil:
		return nil, err
	case outcome != "":
		return nil, s.failed(ctx, acc.id, source, outcome)
	case acc.status != Active:
		return nil, s.refused(ctx, acc, source)
	}
	return s.succeed(ctx, acc, step, source, s.rehash(ctx, rehash, password))
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
	err = s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT id, password_hash, status, totp_sealed, totp_last_step
		FROM staff_accounts WHERE login = ?`, login).Scan(&r.id, &r.hash, &r.status, &r.sealed, &r.lastStep)
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
	return s.failed(ctx, "", source, outcomeUnknownLogin)
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

// failed counts a failure against id (none for an unknown login), locks the
// account when it reaches the limit, records the attempt, and answers
// bad_credentials.
func (s *Service) failed(ctx context.Context, id, source, outcome string) error {
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if id != "" {
			if err := s.countFailure(ctx, tx, id); err != nil {
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

// countFailure adds one consecutive failure to an active account and locks
// it on reaching MaxFailedLogins, ending its sessions.
func (s *Service) countFailure(ctx context.Context, tx store.Querier, id string) error {
	_, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET failed_logins = failed_logins + 1
		WHERE id = ? AND status = 'active'`, id)
	if err != nil {
		return errs.WrapIf(err, "staff: count a failed login")
	}
	res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET status = 'locked'
		WHERE id = ? AND status = 'active' AND failed_logins >= ?`, id, s.cfg.MaxFailedLogins)
	if n, err := affected(res, err); n == 0 || err != nil {
		return err
	}
	if err := endSessions(ctx, tx, id); err != nil {
		return err
	}
	return s.accountEvent(ctx, tx, id, "locked", "system", "consecutive failed logins")
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
	return failure(errs.Forbidden, outcome, "staff: the account is "+string(acc.status)+"; ask an admin")
}
