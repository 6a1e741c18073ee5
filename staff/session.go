package staff

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Session is a logged-in staff member. Its roles are read afresh on every
// Authenticate, so a revocation applies to open sessions at once.
type Session struct {
	ID                     string // opaque, for access logs; not the token
	Token                  string // the bearer secret; set only by Login, never stored
	AccountID              string
	Roles                  []Role
	Source                 string // where the login came from
	PasswordChangeRequired bool   // only ChangePassword should be offered
	Work                   Work   // the role and purpose chosen to work for; zero when none
	CreatedAt              time.Time
	IdleExpiry             time.Time // ends unless used before then
	Expiry                 time.Time // ends then, used or not
}

const sessionPrefix = "ses_"

// tokenHash is what the database keeps of a token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// succeed consumes the TOTP step, clears the failure count, stores a new
// hash when the hasher asked for one, opens a session and records the
// login, in one transaction. A step used meanwhile by a racing login, or a
// lock that came meanwhile, fails the login.
func (s *Service) succeed(ctx context.Context, acc *loginRow, step int64, source, newHash string) (*Session, error) {
	sess, token, err := s.newSession(acc.id, source)
	if err != nil {
		return nil, err
	}
	var raced bool
	err = s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		// The status and count read before the factors were checked must
		// hold still: a lock that came meanwhile fails the login, and a lock
		// that has expired ends here.
		res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET totp_last_step = ?, failed_logins = 0, status = 'active',
			password_hash = COALESCE(NULLIF(?, ''), password_hash)
			WHERE id = ? AND status = ? AND failed_logins = ? AND status <> 'disabled' AND totp_last_step < ?`,
			step, newHash, acc.id, string(acc.status), acc.failed, step)
		if n, err := affected(res, err); n == 0 || err != nil {
			raced = err == nil
			return err
		}
		return s.openSession(ctx, tx, sess, token)
	})
	if raced {
		return nil, s.failed(ctx, acc.id, source, outcomeBadTOTP, s.counted(acc))
	}
	if err != nil {
		return nil, err
	}
	sess.Token = token
	return sess, nil
}

// rehash returns a fresh hash of pw when the stored one uses old
// parameters; a failure keeps the old hash, which still verifies.
func (s *Service) rehash(ctx context.Context, needed bool, pw string) string {
	if !needed {
		return ""
	}
	h, err := s.cfg.Hasher.Hash(ctx, pw)
	if err != nil {
		return ""
	}
	return h
}

func (s *Service) newSession(accountID, source string) (*Session, string, error) {
	id, err := s.newID(sessionPrefix)
	if err != nil {
		return nil, "", err
	}
	b, err := s.random(32)
	if err != nil {
		return nil, "", err
	}
	now := s.now().UTC()
	return &Session{ID: id, AccountID: accountID, Source: source, CreatedAt: now,
		IdleExpiry: now.Add(s.cfg.IdleTimeout), Expiry: now.Add(s.cfg.SessionLifetime)}, base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *Service) openSession(ctx context.Context, tx store.Querier, sess *Session, token string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_sessions (token_hash, id, account_id, source, created_at, last_seen, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash(token), sess.ID, sess.AccountID, sess.Source,
		micros(sess.CreatedAt), micros(sess.CreatedAt), micros(sess.Expiry))
	if err != nil {
		return errs.WrapIf(err, "staff: open session")
	}
	if err := s.fillSession(ctx, tx, sess); err != nil {
		return err
	}
	return s.loginEvent(ctx, tx, sess.AccountID, sess.Source, outcomeOK)
}

// fillSession reads the roles and password state of the session's account.
func (s *Service) fillSession(ctx context.Context, tx store.Querier, sess *Session) error {
	var mustChange int
	err := tx.QueryRowContext(ctx, `SELECT must_change FROM staff_accounts WHERE id = ?`, sess.AccountID).Scan(&mustChange)
	if err != nil {
		return errs.WrapIf(err, "staff: read account")
	}
	sess.PasswordChangeRequired = mustChange == 1
	sess.Roles, err = roles(ctx, tx, sess.AccountID)
	return err
}

// Authenticate returns the session of token and restarts its idle timer.
// An unknown, ended or expired token, or one whose account is no longer
// active, is errs.Unauthenticated "session_invalid"; an expired session is
// deleted.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, error) {
	var sess *Session
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		var err error
		sess, err = s.touch(ctx, tx, tokenHash(token))
		if sess == nil || err != nil {
			return err
		}
		stored := sess.Work
		sess.Work = Work{}
		if err := s.fillSession(ctx, tx, sess); err != nil {
			return err
		}
		s.fillWork(sess, string(stored.Role), stored.Service, stored.Purpose)
		return nil
	})
	if err == nil && sess == nil {
		err = errs.WithReason(errs.Unauthenticated, "session_invalid", "staff: no valid session; log in again")
	}
	return sess, err
}

// touch reads a live session and restarts its idle timer; a dead one is
// deleted and answers nil.
func (s *Service) touch(ctx context.Context, tx store.Querier, hash []byte) (*Session, error) {
	var sess Session
	var created, lastSeen, expires int64
	var status Status
	err := tx.QueryRowContext(ctx, `SELECT s.id, s.account_id, s.source, s.created_at, s.last_seen, s.expires_at, a.status,
		s.work_role, s.work_service, s.work_purpose
		FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = ?`, hash).
		Scan(&sess.ID, &sess.AccountID, &sess.Source, &created, &lastSeen, &expires, &status,
			&sess.Work.Role, &sess.Work.Service, &sess.Work.Purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.WrapIf(err, "staff: read session")
	}
	now := s.now()
	if status != Active || !now.Before(fromMicros(lastSeen).Add(s.cfg.IdleTimeout)) || !now.Before(fromMicros(expires)) {
		_, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE token_hash = ?`, hash)
		return nil, errs.WrapIf(err, "staff: end session")
	}
	sess.CreatedAt, sess.Expiry, sess.IdleExpiry = fromMicros(created), fromMicros(expires), now.UTC().Add(s.cfg.IdleTimeout)
	_, err = tx.ExecContext(ctx, `UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?`, micros(now), hash)
	return &sess, errs.WrapIf(err, "staff: touch session")
}

// Logout ends the session of token. An unknown token is not an error: the
// session is gone either way.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE token_hash = ?`, tokenHash(token))
		return errs.WrapIf(err, "staff: end session")
	})
}

// PurgeSessions deletes sessions that have expired but were never presented
// again, and says how many.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE expires_at <= ? OR last_seen <= ?`,
			micros(now), micros(now.Add(-s.cfg.IdleTimeout)))
		n, err = affected(res, err)
		return err
	})
	return n, err
}

func endSessions(ctx context.Context, tx store.Querier, accountID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE account_id = ?`, accountID)
	return errs.WrapIf(err, "staff: end sessions")
}
