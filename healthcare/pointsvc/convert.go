package pointsvc

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/ids"
	"jikimi/jobs"
	"jikimi/store"
	"jikimi/vault"
)

// JobConvert is the kind of the job that has the card company credit a
// conversion; its key is the conversion ID.
const JobConvert = "points.convert"

// CardProvision is the policy's provision to the card company.
const CardProvision = "shinhan-card"

// Reasons of conversion errors.
const (
	ReasonInvalidAmount       = "invalid_amount"
	ReasonInsufficientBalance = "insufficient_balance"
)

// MaxConversion bounds one conversion: far above any year's points, it
// only keeps arithmetic and the card company's fields sane.
const MaxConversion = 10_000_000

// Conversion statuses.
const (
	Pending  = "pending"  // debited; the card company not yet confirmed
	Done     = "done"     // credited as 서울페이
	Refunded = "refunded" // the card company refused: the points came back
)

// Conversion is one conversion of points into 서울페이.
type Conversion struct {
	ID       string    `json:"id"`
	Subject  string    `json:"-"`
	Points   int64     `json:"points"`
	Status   string    `json:"status"`
	Approval string    `json:"approval,omitempty"`
	Created  time.Time `json:"created"`
}

// Convert debits points and enqueues their conversion in one transaction:
// the job then gives the card company the CI and has it credit 서울페이.
// It needs the participant's consent to the card company's provision; an
// amount over the balance is a conflict, and nothing is written.
func (s *Service) Convert(ctx context.Context, self vault.Actor, subject string, amount int64) (Conversion, error) {
	if amount < 1 || amount > MaxConversion {
		e := errs.E(errs.Invalid, "전환할 포인트는 1 이상 %d 이하여야 합니다", MaxConversion)
		e.Reason = ReasonInvalidAmount
		return Conversion{}, e
	}
	if err := s.cfg.Consents.Check(ctx, self, subject, CardProvision); err != nil {
		return Conversion{}, err
	}
	c := Conversion{ID: ids.Random("cv_"), Subject: subject, Points: amount, Status: Pending, Created: s.cfg.Clock.Now()}
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := debit(ctx, tx, c); err != nil {
			return err
		}
		return s.cfg.Jobs.Insert(ctx, tx, ConvertArgs{Conversion: c.ID}, &jobs.Opts{Unique: true})
	})
	if err != nil {
		return Conversion{}, asInternal(err, "points: recording the conversion")
	}
	return c, nil
}

// ConvertArgs are a conversion job's arguments; the conversion's ID is also
// the card company's idempotency key.
type ConvertArgs struct {
	Conversion string `json:"conversion"`
}

// Kind is JobConvert.
func (ConvertArgs) Kind() string { return JobConvert }

// debit takes the points off the balance, only where it stays
// non-negative, and writes the entry and the pending conversion.
func debit(ctx context.Context, tx store.Querier, c Conversion) error {
	at := c.Created.UnixMicro()
	res, err := tx.ExecContext(ctx, `UPDATE hc_points_accounts SET balance = balance - ?, updated_at = ? WHERE subject = ? AND balance >= ?`,
		c.Points, at, c.Subject, c.Points)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		e := errs.E(errs.Conflict, "전환하려는 포인트가 보유 포인트보다 많습니다")
		e.Reason = ReasonInsufficientBalance
		return e
	}
	day := dayOf(c.Created)
	if _, err := tx.ExecContext(ctx, `INSERT INTO hc_points_entries (subject, entry_key, kind, day, points, created_at) VALUES (?, ?, 'conversion', ?, ?, ?)`,
		c.Subject, "conversion/"+c.ID, day, -c.Points, at); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO hc_points_conversions (id, subject, points, status, created_at) VALUES (?, ?, ?, ?, ?)`,
		c.ID, c.Subject, c.Points, Pending, at)
	return err
}

// asInternal keeps an *errs.Error as it is and wraps anything else.
func asInternal(err error, msg string) error {
	if errs.Code(err) != errs.Internal {
		return err
	}
	return errs.Wrap(errs.Internal, err, "%s", msg)
}

// dayOf is the Seoul day of t, as the ledger writes days.
func dayOf(t time.Time) string { return measure.DateOf(t).String() }
