package pointsvc

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Entry is one line of a participant's points history.
type Entry struct {
	Kind   string    `json:"kind"` // daily, weekly, conversion, refund
	Day    string    `json:"day"`  // the day (or week's Monday) the points are for; a conversion's request day
	Rule   string    `json:"rule,omitempty"`
	Earned int64     `json:"earned,omitempty"` // before the yearly cap
	Points int64     `json:"points"`           // signed: + earned, - converted
	At     time.Time `json:"at"`
}

// Balance is a participant's points: zero before the first accrual.
func (s *Service) Balance(ctx context.Context, subject string) (int64, error) {
	var b int64
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT balance FROM hc_points_accounts WHERE subject = ?`, subject).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, errs.Wrap(errs.Internal, err, "points: reading the balance")
	}
	return b, nil
}

// MaxHistory is the most entries History returns at once.
const MaxHistory = 200

// History is a participant's latest entries, newest first, before the
// entry ID before (0: from the newest). next is the cursor of the next
// page, 0 at the end.
func (s *Service) History(ctx context.Context, subject string, before int64, limit int) (out []Entry, next int64, err error) {
	if limit <= 0 || limit > MaxHistory {
		limit = MaxHistory
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	var last int64
	out, err = store.Collect(ctx, s.cfg.SQL.Reader(), "points: reading the history", func(sc store.Scanner, e *Entry) error {
		var at int64
		err := sc.Scan(&last, &e.Kind, &e.Day, &e.Rule, &e.Earned, &e.Points, &at)
		e.At = time.UnixMicro(at).UTC()
		return err
	}, `SELECT id, kind, day, rule, earned, points, created_at FROM hc_points_entries
		WHERE subject = ? AND id < ? ORDER BY id DESC LIMIT ?`, subject, before, limit)
	if len(out) == limit {
		next = last
	}
	return out, next, err
}
