package pointsvc

import (
	"context"
	"fmt"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
)

// DayReport says what a daily run did; it holds counts only.
type DayReport struct {
	Day         measure.Date
	Seen        int   // participants with a day summary
	Accrued     int   // accruals written by this run
	Points      int64 // points they granted
	Earlier     int   // accruals an earlier run had written: skipped
	AgesRead    int   // birth dates read through the gate
	AgesUnknown int   // birth dates the gate did not give: the age rules were not applied
}

// RunDay accrues the day's points of every participant with a summary,
// a page of participants per transaction. It is idempotent: a participant
// already accrued for the day is skipped, so a run cut short is simply run
// again.
func (s *Service) RunDay(ctx context.Context, day measure.Date) (DayReport, error) {
	rep := DayReport{Day: day}
	after := ""
	for {
		page, err := s.cfg.Steps.DaySteps(ctx, day, after, s.cfg.Batch)
		if err != nil {
			return rep, fmt.Errorf("points: reading the day's steps: %w", err)
		}
		rep.Seen += len(page)
		if err := s.accruePage(ctx, day, page, &rep); err != nil {
			return rep, err
		}
		if len(page) < s.cfg.Batch {
			return rep, nil
		}
		after = page[len(page)-1].Subject
	}
}

// accruePage computes and writes the accruals of one page.
func (s *Service) accruePage(ctx context.Context, day measure.Date, page []DaySteps, rep *DayReport) error {
	done, err := s.accrued(ctx, s.cfg.SQL.Reader(), points.Daily, day, subjectsOf(page))
	if err != nil {
		return err
	}
	var out []points.Accrual
	for _, d := range page {
		if done[d.Subject] {
			rep.Earlier++
			continue
		}
		a, err := s.daily(ctx, day, d, rep)
		if err != nil {
			return err
		}
		if a.Rule != "" {
			out = append(out, a)
		}
	}
	n, total, err := s.write(ctx, out)
	rep.Accrued, rep.Points, rep.Earlier = rep.Accrued+n, rep.Points+total, rep.Earlier+len(out)-n
	return err
}

// daily applies the daily rules, reading the birth date only when the age
// can change the award.
func (s *Service) daily(ctx context.Context, day measure.Date, d DaySteps, rep *DayReport) (points.Accrual, error) {
	p := points.Participant{ID: d.Subject, BirthDate: day} // age 0: the rules for everyone
	if s.cfg.Rules.NeedsAge(d.Steps) {
		born, ok, err := s.birthDate(ctx, d.Subject)
		if err != nil {
			return points.Accrual{}, err
		}
		rep.AgesRead++
		if ok {
			p.BirthDate = born
		} else {
			rep.AgesUnknown++
		}
	}
	return s.cfg.Rules.Daily(p, day, d.Steps), nil
}

func subjectsOf(page []DaySteps) []string {
	out := make([]string, len(page))
	for i, d := range page {
		out[i] = d.Subject
	}
	return out
}
