package pointsvc

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/card"
	"jikimi/store"
	"jikimi/vault"
)

// runConversion is the conversion job. It is idempotent: a settled
// conversion is left alone; a retry after an attempt that may have reached
// the card company (a worker that died, a lost answer) first asks the card
// company for the reference; and the card company is called with the job
// key as idempotency key, so it credits a conversion at most once.
func (s *Service) runConversion(ctx context.Context, j *jobs.Job[ConvertArgs]) error {
	c, err := s.conversion(ctx, j.Args.Conversion)
	if err != nil {
		return err
	}
	if c.Status != Pending {
		return nil
	}
	if j.Attempt > 1 {
		rec, err := s.cfg.Card.Lookup(ctx, c.ID)
		if err == nil {
			return s.settle(ctx, c, rec)
		}
		if !errors.Is(err, card.ErrUnknown) {
			return err
		}
	}
	return s.send(ctx, j.Args.Conversion, c)
}

// send reads the CI through the gate as the card company (the provision,
// logged) and has the card company credit the conversion.
func (s *Service) send(ctx context.Context, key string, c Conversion) error {
	ci, err := s.readCI(ctx, c.Subject)
	if errs.Code(err) == errs.NotFound {
		return s.refund(ctx, c) // no consent or no CI any more: nothing can be sent
	}
	if err != nil {
		return err
	}
	rec, err := s.cfg.Card.Convert(ctx, key, card.Conversion{Reference: c.ID, CI: ci, Points: c.Points})
	if partners.IsRefusal(err) {
		return s.refund(ctx, c)
	}
	if err != nil {
		return err
	}
	return s.settle(ctx, c, rec)
}

func (s *Service) readCI(ctx context.Context, subject string) (string, error) {
	recs, err := s.cfg.Vault.List(ctx, vault.Request{
		Actor: cardCompany, Service: ServiceName, Purpose: "enrolment", Subject: subject, Items: []string{"ci"}, Action: vault.View,
	})
	if err != nil {
		return "", err
	}
	for _, r := range recs {
		if ci := r.Values["ci"]; ci != "" {
			return ci, nil
		}
	}
	return "", errs.E(errs.NotFound, "no CI")
}

// settle records the card company's credit. An amount other than the one
// debited is left pending for reconciliation to report.
func (s *Service) settle(ctx context.Context, c Conversion, rec card.Record) error {
	if rec.Points != c.Points {
		return jobs.Permanent(errs.E(errs.Conflict, "points: the card company booked conversion %s with another amount", c.ID))
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE hc_points_conversions SET status = ?, approval = ?, settled_at = ? WHERE id = ? AND status = ?`,
			Done, rec.Approval, s.cfg.Clock.Now().UnixMicro(), c.ID, Pending)
		return err
	})
}

// refund gives the points back when the card company did not and will not
// credit them, once: only a pending conversion turns refunded.
func (s *Service) refund(ctx context.Context, c Conversion) error {
	now := s.cfg.Clock.Now()
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE hc_points_conversions SET status = ?, settled_at = ? WHERE id = ? AND status = ?`,
			Refunded, now.UnixMicro(), c.ID, Pending)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		b := newBatch(now.UnixMicro())
		b.entries = append(b.entries, []any{c.Subject, "refund/" + c.ID, "refund", dayOf(now), "", 0, c.Points, b.now})
		b.balances[c.Subject] = c.Points
		return b.flush(ctx, tx)
	})
}

// conversion loads one conversion.
func (s *Service) conversion(ctx context.Context, id string) (Conversion, error) {
	c := Conversion{ID: id}
	var at int64
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT subject, points, status, approval, created_at FROM hc_points_conversions WHERE id = ?`, id).
		Scan(&c.Subject, &c.Points, &c.Status, &c.Approval, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound, "no conversion %s", id)
	}
	if err != nil {
		return c, errs.Wrap(errs.Internal, err, "points: reading conversion")
	}
	c.Created = time.UnixMicro(at).UTC()
	return c, nil
}
