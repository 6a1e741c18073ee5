package citizen

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// badCredentials is the one answer to an unknown login and a wrong password.
func badCredentials() error {
	return errs.WithReason(errs.Forbidden, "bad_credentials", "로그인 정보가 올바르지 않습니다 (wrong login name or password)")
}

// Login looks the login name up (a blind index of kind login over the
// service's account purpose), reads the stored hash through the gate as a
// system actor, verifies the password and opens a session. An unknown login
// and a wrong password answer the same errs.Forbidden "bad_credentials";
// MaxFailures consecutive failures lock the account for FirstLock, and each
// failure after a lock expired locks it again for twice as long (up to
// MaxLock); the holder is told (Config.Locked). A locked account answers
// "account_locked" only to the right password, so the lock is no password
// oracle. Too many failures from one address refuse its further attempts
// ("too_many_attempts") for a while, whatever the login.
func (a *Accounts) Login(ctx context.Context, service, purpose, login, pw, source string) (Session, error) {
	if !a.sources.Allowed(source, a.now()) {
		return Session{}, tooManyAttempts()
	}
	subject, err := a.find(ctx, service, purpose, login, source)
	if err != nil {
		return Session{}, err
	}
	hash := ""
	if subject != "" {
		if hash, err = a.storedHash(ctx, service, purpose, subject, source); err != nil {
			return Session{}, err
		}
	}
	if hash == "" {
		a.sources.Failed(source, a.now())
		return Session{}, a.unknown(ctx, pw)
	}
	ok, _, err := a.cfg.Hasher.Verify(ctx, hash, pw)
	if err != nil {
		return Session{}, err
	}
	if !ok {
		a.sources.Failed(source, a.now())
		return Session{}, a.failed(ctx, service, subject)
	}
	return a.open(ctx, subject, service)
}

// find answers the subject whose login name this is, or "". A malformed
// name cannot exist, so it is none too.
func (a *Accounts) find(ctx context.Context, service, purpose, login, source string) (string, error) {
	found, err := a.cfg.Vault.Lookup(ctx, vault.Request{Actor: systemActor(source), Service: service, Purpose: purpose}, vault.IndexLogin, login)
	switch {
	case errs.Code(err) == errs.Invalid:
		return "", nil
	case err != nil:
		return "", err
	case len(found) > 1:
		return "", errs.E(errs.Internal, "citizen: a login name is indexed for %d subjects", len(found))
	case len(found) == 0:
		return "", nil
	}
	return found[0], nil
}

// storedHash reads the password item of the subject's account records; ""
// when the gate shows none (consent withdrawn, records destroyed). A
// consent a newer policy version made outdated still lets the person sign
// in, to consent again (vault.SignInItems).
func (a *Accounts) storedHash(ctx context.Context, service, purpose, subject, source string) (string, error) {
	recs, err := a.cfg.Vault.SignInItems(ctx, vault.Request{Actor: systemActor(source), Service: service, Purpose: purpose,
		Subject: subject, Items: []string{ItemPassword}, Action: vault.View})
	if errs.Code(err) == errs.NotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for i := len(recs) - 1; i >= 0; i-- { // the newest password wins
		if h := recs[i].Values[ItemPassword]; h != "" {
			return h, nil
		}
	}
	return "", nil
}

// unknown spends the time a real check takes, so timing does not tell an
// unknown login from a wrong password.
func (a *Accounts) unknown(ctx context.Context, pw string) error {
	a.dummyOnce.Do(func() {
		a.dummy, _ = a.cfg.Hasher.Hash(ctx, "dummy-password-never-matches")
	})
	if a.dummy != "" {
		if _, _, err := a.cfg.Hasher.Verify(ctx, a.dummy, pw); err != nil {
			return err
		}
	}
	return badCredentials()
}

// failed counts a failure, tells the account holder when it locked the
// account, and answers bad credentials either way.
func (a *Accounts) failed(ctx context.Context, service, subject string) error {
	until, err := a.countFailure(ctx, subject)
	if err != nil {
		return err
	}
	if !until.IsZero() && a.cfg.Locked != nil {
		a.cfg.Locked(ctx, service, subject, until)
	}
	return badCredentials()
}

// UnlockLogin clears the lock of the account with this login name, after
// the person proved who they are again (at the help desk, say): the name
// is looked up through the gate by r (its actor a member of staff working
// for the service's account purpose, with the reason the look-up is logged
// with, or the operator's command line), and a name no account has is
// errs.NotFound ("no_login"). It answers the account's subject.
func (a *Accounts) UnlockLogin(ctx context.Context, r vault.Request, login string) (string, error) {
	found, err := a.cfg.Vault.Lookup(ctx, r, vault.IndexLogin, login)
	if err != nil {
		return "", err
	}
	if len(found) != 1 {
		return "", errs.WithReason(errs.NotFound, "no_login", "citizen: no login by that name")
	}
	return found[0], a.Unlock(ctx, found[0])
}

// Unlock clears an account's lock and failure count (after the citizen
// proved who they are again, e.g. by identity verification).
func (a *Accounts) Unlock(ctx context.Context, subject string) error {
	return a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM citizen_logins WHERE subject_id = ?`, subject)
		return errs.WrapIf(err, "citizen: unlock")
	})
}
