package staff

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// AccountEvent is one line of an account's own history: created, locked,
// unlocked, disabled, password_changed.
type AccountEvent struct {
	Seq    int64
	Event  string
	By     string // an admin's account ID, "operator" (command line) or "system"
	Reason string
	At     time.Time
}

// LoginEvent is one login attempt: when, from where, and how it ended
// (ok, bad_password, bad_totp, account_locked, account_disabled).
type LoginEvent struct {
	Seq     int64
	At      time.Time
	Source  string
	Outcome string
}

func (s *Service) accountEvent(ctx context.Context, tx store.Querier, id, event, by, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_account_history (account_id, event, actor, reason, at)
		VALUES (?, ?, ?, ?, ?)`, id, event, by, reason, micros(s.now()))
	return errs.WrapIf(err, "staff: record account history")
}

func (s *Service) loginEvent(ctx context.Context, tx store.Querier, id, source, outcome string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_login_history (account_id, at, source, outcome)
		VALUES (?, ?, ?, ?)`, id, micros(s.now()), source, outcome)
	return errs.WrapIf(err, "staff: record login")
}

// AccountHistory lists id's account events, oldest first.
func (s *Service) AccountHistory(ctx context.Context, id string) ([]AccountEvent, error) {
	var out []AccountEvent
	err := list(ctx, s.cfg.SQL.Reader(), id, `SELECT seq, event, actor, reason, at FROM staff_account_history
		WHERE account_id = ? ORDER BY seq`, func(sc scanner) error {
		var e AccountEvent
		var at int64
		err := sc.Scan(&e.Seq, &e.Event, &e.By, &e.Reason, &at)
		e.At = fromMicros(at)
		out = append(out, e)
		return err
	})
	return out, err
}

// LoginHistory lists id's login attempts, oldest first. Attempts with a
// login name that matched no account are recorded under the empty ID.
func (s *Service) LoginHistory(ctx context.Context, id string) ([]LoginEvent, error) {
	var out []LoginEvent
	err := list(ctx, s.cfg.SQL.Reader(), id, `SELECT seq, at, source, outcome FROM staff_login_history
		WHERE account_id = ? ORDER BY seq`, func(sc scanner) error {
		var e LoginEvent
		var at int64
		err := sc.Scan(&e.Seq, &at, &e.Source, &e.Outcome)
		e.At = fromMicros(at)
		out = append(out, e)
		return err
	})
	return out, err
}

// list runs query with id on q and hands each row to scan.
func list(ctx context.Context, q store.Querier, id, query string, scan func(scanner) error) error {
	return store.Each(ctx, q, "staff: read", func(s store.Scanner) error { return scan(s) }, query, id)
}

// SinceSignIn is what happened to an account between its latest sign-in
// and the one before: failed logins and locks, which the home page tells
// its holder (someone else may have been guessing).
type SinceSignIn struct {
	Failed, Locks int
	Previous      time.Time // the sign-in before the latest; zero for a first one
}

// SincePrevious tells the account's holder what happened before their
// latest sign-in, since the one before it.
func (s *Service) SincePrevious(ctx context.Context, id string) (SinceSignIn, error) {
	logins, err := s.LoginHistory(ctx, id)
	if err != nil {
		return SinceSignIn{}, err
	}
	var out SinceSignIn
	var latest time.Time
	for i := len(logins) - 1; i >= 0; i-- {
		switch e := logins[i]; {
		case e.Outcome == outcomeOK && latest.IsZero():
			latest = e.At
		case e.Outcome == outcomeOK:
			out.Previous = e.At
		case !latest.IsZero() && e.Outcome != outcomeUnknownLogin:
			out.Failed++
		}
		if !out.Previous.IsZero() {
			break
		}
	}
	events, err := s.AccountHistory(ctx, id)
	for _, e := range events {
		if e.Event == "locked" && !e.At.Before(out.Previous) && !e.At.After(latest) {
			out.Locks++
		}
	}
	return out, err
}
