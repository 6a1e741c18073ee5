package rights

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// DailyResult is what one daily run did.
type DailyResult struct {
	Escalated []string // requests newly brought to the officer: EscalateDays or fewer left
	Missed    []string // open requests newly past their due date
}

// jobActor is how the daily run names itself in the requests' history.
const jobActor = "system:rights-daily"

// Daily is the rights clock's daily run, at now: it escalates to the
// privacy officer every open request with EscalateDays days or fewer left,
// and records every open request whose due date has passed as a missed
// deadline; once per policy version newly in force it notifies the people
// whose consents it makes insufficient, and once a year it sends the
// usage notices of the year before (both through the outbox). Each is done
// once; running it again the same day changes nothing. It is a plain function of the clock so that a scheduler
// (serve's ticker, the simulator, a River periodic job) calls it as it is.
func (s *Service) Daily(ctx context.Context) (DailyResult, error) {
	now := s.now()
	var res DailyResult
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		var err error
		limit := escalateFrom(now)
		if res.Escalated, err = s.mark(ctx, tx, now, "escalated_at", "escalated", `due_at <= ?`, limit.UnixMicro()); err != nil {
			return err
		}
		if res.Missed, err = s.mark(ctx, tx, now, "missed_at", "missed", `due_at <= ?`, now.UnixMicro()); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM rights_transfers WHERE at < ?`, now.Add(-TransferRetention).UnixMicro()); err != nil {
			return errs.WrapIf(err, "rights: drop old transfer logs")
		}
		_, err = tx.ExecContext(ctx, dropOldNotices, now.Add(-NoticeRetention).UnixMicro())
		return errs.WrapIf(err, "rights: drop old notices")
	})
	if err != nil {
		return res, err
	}
	if err := s.noticeReconsents(ctx); err != nil {
		return res, err
	}
	return res, s.noticeUsage(ctx)
}

// dropOldNotices deletes the notices past their retention, found by
// rights_notices_created (migration 0032), not by reading every notice.
const dropOldNotices = `DELETE FROM rights_notices WHERE created_at < ?`

// escalateFrom: a request due on or before this has EscalateDays or fewer
// days left today.
func escalateFrom(now time.Time) time.Time {
	y, m, d := now.In(Seoul).Date()
	return time.Date(y, m, d+EscalateDays, 0, 0, 0, 0, Seoul).UTC()
}

// mark sets column to now on the open requests that cond selects and that
// do not have it yet, and records the step.
func (s *Service) mark(ctx context.Context, tx store.Querier, now time.Time, column, action, cond string, arg any) ([]string, error) {
	ids, err := store.Column[string](ctx, tx, "rights: daily run", `SELECT id FROM rights_requests WHERE status IN (?, ?, ?, ?) AND `+column+` IS NULL AND `+cond+` ORDER BY due_at, id`,
		Received, Verifying, InProgress, Extended, arg)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE rights_requests SET `+column+` = ? WHERE id = ?`, now.UnixMicro(), id); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "rights: daily run")
		}
		if err := event(ctx, tx, id, now, jobActor, action, ""); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// Missed counts the requests that missed their deadline: answered late, or
// still open past it (as of the last daily run).
func (s *Service) Missed(ctx context.Context) (int, error) {
	var n int
	if err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM rights_requests WHERE missed_at IS NOT NULL`).Scan(&n); err != nil {
		return 0, errs.Wrap(errs.Internal, err, "rights: count missed deadlines")
	}
	return n, nil
}
