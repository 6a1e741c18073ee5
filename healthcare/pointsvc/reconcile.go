package pointsvc

import (
	"context"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners/card"
	"jikimi/store"
)

// Problems reconciliation reports and cannot repair by itself.
const (
	ProblemMissingAtCard  = "missing_at_card"   // done here, unknown to the card company
	ProblemAmountDiffers  = "amount_differs"    // both know it, with other amounts
	ProblemCreditedRefund = "credited_refund"   // refunded here, credited there
	ProblemUnknownHere    = "unknown_at_ledger" // the card company has a reference the ledger never made
)

// Problem is one disagreement between the ledger and the card company.
type Problem struct {
	Conversion string `json:"conversion"` // opaque reference
	Problem    string `json:"problem"`
}

// Reconciliation is what a reconciliation found and did.
type Reconciliation struct {
	Checked  int       `json:"checked"`  // conversions in the ledger
	Settled  int       `json:"settled"`  // pending here, credited there: marked done
	Refunded int       `json:"refunded"` // pending here past their job, unknown there: points given back
	InFlight int       `json:"in_flight"`
	Problems []Problem `json:"problems"`
}

// Reconcile compares the ledger's conversions with the card company's
// records. It repairs what is certain: a pending conversion the card
// company credited becomes done; one whose job has given up and that the
// card company never saw is refunded. Everything else it reports.
func (s *Service) Reconcile(ctx context.Context) (Reconciliation, error) {
	var r Reconciliation
	recs, err := s.cfg.Card.Records(ctx)
	if err != nil {
		return r, err
	}
	theirs := make(map[string]card.Record, len(recs))
	for _, rec := range recs {
		theirs[rec.Reference] = rec
	}
	ours, err := s.conversions(ctx, "")
	if err != nil {
		return r, err
	}
	for _, c := range ours {
		r.Checked++
		rec, known := theirs[c.ID]
		delete(theirs, c.ID)
		if err := s.reconcileOne(ctx, c, rec, known, &r); err != nil {
			return r, err
		}
	}
	for ref := range theirs {
		r.Problems = append(r.Problems, Problem{ref, ProblemUnknownHere})
	}
	return r, nil
}

func (s *Service) reconcileOne(ctx context.Context, c Conversion, rec card.Record, known bool, r *Reconciliation) error {
	switch {
	case known && rec.Points != c.Points:
		r.Problems = append(r.Problems, Problem{c.ID, ProblemAmountDiffers})
	case c.Status == Done && !known:
		r.Problems = append(r.Problems, Problem{c.ID, ProblemMissingAtCard})
	case c.Status == Refunded && known:
		r.Problems = append(r.Problems, Problem{c.ID, ProblemCreditedRefund})
	case c.Status == Pending && known:
		r.Settled++
		return s.settle(ctx, c, rec)
	case c.Status == Pending:
		return s.reconcilePending(ctx, c, r)
	}
	return nil
}

// reconcilePending refunds a conversion the card company never saw once
// its job is dead; while the job may still run, it is in flight.
func (s *Service) reconcilePending(ctx context.Context, c Conversion, r *Reconciliation) error {
	j, err := s.cfg.Jobs.Find(ctx, ConvertArgs{Conversion: c.ID})
	if err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	if err == nil && !jobs.GaveUp(j) {
		r.InFlight++
		return nil
	}
	// Ask once more by reference: the list may predate a late credit.
	if _, err := s.cfg.Card.Lookup(ctx, c.ID); !errors.Is(err, card.ErrUnknown) {
		if err == nil {
			r.InFlight++ // credited meanwhile: the next run settles it
		}
		return err
	}
	r.Refunded++
	return s.refund(ctx, c)
}

// conversions lists the ledger's conversions, oldest first: a
// participant's, or with subject "" every one.
func (s *Service) conversions(ctx context.Context, subject string) ([]Conversion, error) {
	q, args := `SELECT id, subject, points, status, approval, created_at FROM hc_points_conversions`, []any{}
	if subject != "" {
		q, args = q+` WHERE subject = ?`, append(args, subject)
	}
	return store.Collect(ctx, s.cfg.SQL.Reader(), "points: reading conversions", func(sc store.Scanner, c *Conversion) error {
		var at int64
		err := sc.Scan(&c.ID, &c.Subject, &c.Points, &c.Status, &c.Approval, &at)
		c.Created = time.UnixMicro(at).UTC()
		return err
	}, q+` ORDER BY created_at, id`, args...)
}

// Conversions lists a participant's conversions, oldest first.
func (s *Service) Conversions(ctx context.Context, subject string) ([]Conversion, error) {
	return s.conversions(ctx, subject)
}
