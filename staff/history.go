package staff

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// HistoryYears is how long role history is kept at least (PIPA Safety
// Measures Standard 5: three years).
const HistoryYears = 3

// RoleEvent is one line of an account's role history.
type RoleEvent struct {
	Seq     int64
	Account string
	Action  string // "grant", "change" or "revoke"
	Role    Role   // granted, revoked, or the new role of a change
	From    Role   // the old role of a change; "" otherwise
	By      string // the admin's account ID, or Bootstrap
	Reason  string
	At      time.Time
}

func (s *Service) roleEvent(ctx context.Context, tx store.Querier, action string, c RoleChange) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_role_history (account_id, action, role, from_role, actor, reason, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Account, action, string(c.Role), string(c.From), c.By, c.Reason, micros(s.now()))
	return errs.WrapIf(err, "staff: record role history")
}

// History lists id's role history, oldest first, including that of roles
// revoked long ago. An account without any is an empty list.
func (s *Service) History(ctx context.Context, id string) ([]RoleEvent, error) {
	if err := checkID("the account", id); err != nil {
		return nil, err
	}
	out := []RoleEvent{}
	err := list(ctx, s.cfg.SQL.Reader(), id, `SELECT seq, account_id, action, role, from_role, actor, reason, at
		FROM staff_role_history WHERE account_id = ? ORDER BY seq`, func(sc scanner) error {
		var e RoleEvent
		var at int64
		err := sc.Scan(&e.Seq, &e.Account, &e.Action, &e.Role, &e.From, &e.By, &e.Reason, &at)
		e.At = fromMicros(at)
		out = append(out, e)
		return err
	})
	return out, err
}

// PurgeHistory deletes role history recorded before the cut-off and says how
// many rows went. A cut-off less than HistoryYears before now is errs.Invalid
// and deletes nothing.
func (s *Service) PurgeHistory(ctx context.Context, before time.Time) (int64, error) {
	if before.After(s.now().AddDate(-HistoryYears, 0, 0)) {
		return 0, errs.WithReason(errs.Invalid, "retention", "staff: role history is kept at least three years")
	}
	var n int64
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM staff_role_history WHERE at < ?`, micros(before))
		n, err = affected(res, err)
		return err
	})
	return n, err
}
