package citizen

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Session is a citizen logged in to a service.
type Session struct {
	Token   string    // the bearer secret; set by Login only, never stored
	Subject string    // opaque subject ID
	Service string    // the service logged in to
	Expires time.Time // the session ends then
}

// tokenHash is what the database keeps of a token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// OtherService refuses a signed-in person whose session is of another
// service than the one a route serves (reason other_service, one name for
// it in every service); msg tells them which service to sign in to.
func OtherService(msg string) error {
	return errs.WithReason(errs.Forbidden, "other_service", "%s", msg)
}

func noSession() error {
	return errs.WithReason(errs.Unauthenticated, "no_session", "로그인이 필요합니다 (no valid session; log in again)")
}

// open clears the failure count and stores a new session, unless the
// account is locked.
func (a *Accounts) open(ctx context.Context, subject, service string) (Session, error) {
	token, err := a.token()
	if err != nil {
		return Session{}, err
	}
	now := a.now()
	s := Session{Token: token, Subject: subject, Service: service, Expires: now.Add(a.cfg.Lifetime).UTC()}
	var isLocked bool
	err = a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if isLocked, err = a.lockedNow(ctx, tx, subject); isLocked || err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM citizen_logins WHERE subject_id = ?`, subject); err != nil {
			return errs.WrapIf(err, "citizen: clear failed logins")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO citizen_sessions (token_hash, subject_id, service, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tokenHash(token), subject, service, now.UnixMicro(), now.UnixMicro(), s.Expires.UnixMicro())
		return errs.WrapIf(err, "citizen: open session")
	})
	if err == nil && isLocked {
		err = accountLocked()
	}
	if err != nil {
		return Session{}, err
	}
	return s, nil
}

// Authenticate returns the session of a bearer token and restarts its idle
// timer; an unknown token, or one unused for IdleTimeout or older than
// Lifetime, is errs.Unauthenticated "no_session" (and a dead session is
// deleted).
func (a *Accounts) Authenticate(ctx context.Context, token string) (Session, error) {
	if token == "" {
		return Session{}, noSession()
	}
	var s Session
	var created, lastSeen, expires int64
	hash := tokenHash(token)
	err := a.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT subject_id, service, created_at, last_seen, expires_at FROM citizen_sessions WHERE token_hash = ?`,
		hash).Scan(&s.Subject, &s.Service, &created, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, noSession()
	}
	if err != nil {
		return Session{}, errs.WrapIf(err, "citizen: read session")
	}
	now := a.now()
	seen := time.UnixMicro(max(lastSeen, created))
	s.Expires = time.UnixMicro(expires).UTC()
	if !now.Before(s.Expires) || !now.Before(seen.Add(a.cfg.IdleTimeout)) {
		a.Logout(ctx, token)
		return Session{}, noSession()
	}
	if now.Sub(seen) >= a.cfg.IdleTimeout/touchEvery { // one write a minute at most, not one per request
		if err := a.touch(ctx, hash, now); err != nil {
			return Session{}, err
		}
	}
	s.Token = token
	return s, nil
}

// touchEvery: a session's last use is recorded when it is older than
// IdleTimeout/touchEvery, so the idle timeout is kept to within that.
const touchEvery = 30

func (a *Accounts) touch(ctx context.Context, hash []byte, now time.Time) error {
	return a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE citizen_sessions SET last_seen = ? WHERE token_hash = ?`, now.UnixMicro(), hash)
		return errs.WrapIf(err, "citizen: touch session")
	})
}

// Logout ends the session of token. An unknown token is not an error: the
// session is gone either way.
func (a *Accounts) Logout(ctx context.Context, token string) error {
	return a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM citizen_sessions WHERE token_hash = ?`, tokenHash(token))
		return errs.WrapIf(err, "citizen: end session")
	})
}

// EndSessions ends every session of a subject (withdrawal, a lock by staff).
func (a *Accounts) EndSessions(ctx context.Context, subject string) error {
	return a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM citizen_sessions WHERE subject_id = ?`, subject)
		return errs.WrapIf(err, "citizen: end sessions")
	})
}

// PurgeSessions deletes expired sessions and says how many.
func (a *Accounts) PurgeSessions(ctx context.Context) (int64, error) {
	var n int64
	err := a.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		now := a.now()
		res, err := tx.ExecContext(ctx, `DELETE FROM citizen_sessions WHERE expires_at <= ? OR (last_seen > 0 AND last_seen <= ?)`,
			now.UnixMicro(), now.Add(-a.cfg.IdleTimeout).UnixMicro())
		if err == nil {
			n, err = res.RowsAffected()
		}
		return errs.WrapIf(err, "citizen: purge sessions")
	})
	return n, err
}
