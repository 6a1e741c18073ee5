package citizen

import (
	"context"

	"jikimi/errs"
	"jikimi/vault"
)

// ChangePassword is a signed-in citizen changing their password: the
// current one is checked as a login checks it (a wrong one counts toward
// the lock, a locked account is refused, an address that failed too often
// is refused), the new one must be strong and different, and its hash
// replaces the old in the account record through the gate, with the
// citizen as the actor. Every session of the citizen then ends, and a new
// one is opened for the browser that made the change.
func (a *Accounts) ChangePassword(ctx context.Context, actor vault.Actor, service, purpose, current, next string) (Session, error) {
	subject, source := actor.ID, actor.Source
	if actor.Kind != vault.Subject {
		return Session{}, errs.E(errs.Forbidden, "citizen: only the citizen changes their password")
	}
	if !a.sources.Allowed(source, a.now()) {
		return Session{}, tooManyAttempts()
	}
	locked, err := a.lockedNow(ctx, a.cfg.SQL.Reader(), subject)
	if err != nil {
		return Session{}, err
	}
	if locked {
		return Session{}, accountLocked()
	}
	hash, err := a.storedHash(ctx, service, purpose, subject, source)
	if err == nil && hash == "" {
		err = errs.E(errs.NotFound, "citizen: no account record")
	}
	if err != nil {
		return Session{}, err
	}
	ok, _, err := a.cfg.Hasher.Verify(ctx, hash, current)
	if err != nil {
		return Session{}, err
	}
	if !ok {
		a.sources.Failed(source, a.now())
		if err := a.failed(ctx, service, subject); reasonOf(err) != "bad_credentials" {
			return Session{}, err
		}
		return Session{}, errs.WithReason(errs.Forbidden, "wrong_password", "현재 비밀번호가 맞지 않습니다 (the current password is wrong)")
	}
	if current == next {
		return Session{}, errs.WithReason(errs.Invalid, "same_password", "새 비밀번호가 현재 비밀번호와 같습니다. 다른 비밀번호를 정해 주세요 (the new password is the current one)")
	}
	if err := a.SetPassword(ctx, actor, service, purpose, next); err != nil {
		return Session{}, err
	}
	return a.open(ctx, subject, service)
}

// SetPassword stores a new password for the actor's own account (after
// ChangePassword checked the current one, or after the citizen proved who
// they are again for a reset): its hash replaces the old one in the
// newest account record that holds a password, through the gate with the
// citizen as the actor; the lock and the failure count are cleared, and
// every session of the citizen ends. A weak password writes nothing.
func (a *Accounts) SetPassword(ctx context.Context, actor vault.Actor, service, purpose, pw string) error {
	hash, err := a.HashPassword(ctx, pw)
	if err != nil {
		return err
	}
	r := vault.Request{Actor: actor, Service: service, Purpose: purpose, Subject: actor.ID, Items: []string{ItemPassword}, Action: vault.View}
	recs, err := a.cfg.Vault.List(ctx, r)
	if err != nil {
		return err
	}
	id := ""
	for i := len(recs) - 1; i >= 0 && id == ""; i-- {
		if recs[i].Values[ItemPassword] != "" {
			id = recs[i].ID
		}
	}
	if id == "" {
		return errs.E(errs.NotFound, "citizen: no account record")
	}
	r.Action = vault.Change
	if err := a.cfg.Vault.Update(ctx, r, id, map[string]string{ItemPassword: hash}); err != nil {
		return err
	}
	if err := a.Unlock(ctx, actor.ID); err != nil {
		return err
	}
	return a.EndSessions(ctx, actor.ID)
}

func accountLocked() error {
	return errs.WithReason(errs.Forbidden, "account_locked", "로그인 실패가 반복되어 계정이 잠겼습니다 (account locked after repeated failed logins)")
}

func reasonOf(err error) string {
	if e, ok := err.(*errs.Error); ok {
		return e.Reason
	}
	return ""
}
