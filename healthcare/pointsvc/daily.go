package pointsvc

import (
	"context"
	"fmt"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
)

// DayReport says what a daily run did; it holds counts only.
type DayReport struct {
	Day         measure.Date `json:"day"`
	Seen        int          `json:"seen"`         // participants with a day summary
	Accrued     int          `json:"accrued"`      // accruals written by this run
	Points      int64        `json:"points"`       // points they granted
	Earlier     int          `json:"earlier"`      // accruals an earlier run had written: skipped
	AgesRead    int          `json:"ages_read"`    // birth dates read through the gate
	AgesUnknown int          `json:"ages_unknown"` // birth dates the gate did not give: the age rules were not applied
}

// RunDay accrues the day's points of every participant with a summary,
// a page of participants per transaction. It is idempotent: a participant
// already accrued for the day is skipped, so a run cut short is simply run
// again.
func (s *Service) RunDay(ctx context.Context, day measure.Date) (DayReport, error) {
	rep := DayReport{Day: day}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the reader when a page fails
	pages := make(chan fetched, 1)
	go s.fetch(ctx, day, pages)
	for f := range pages {
		if f.err != nil {
			return rep, fmt.Errorf("points: reading the day's steps: %w", f.err)
		}
		rep.Seen += len(f.page)
		if err := s.accruePage(ctx, day, f.page, &rep); err != nil {
			return rep, err
		}
	}
	return rep, ctx.Err()
}

// fetched is one page of steps, or the error that ended the reading.
type fetched struct {
	page []DaySteps
	err  error
}

// fetch reads the pages one ahead of the accrual, so that the next page's
// gated reads overlap this page's ages and writes.
func (s *Service) fetch(ctx context.Context, day measure.Date, out chan<- fetched) {
	defer close(out)
	for after := ""; ; {
		page, next, err := s.cfg.Steps.DaySteps(ctx, day, after, s.cfg.Batch)
		select {
		case out <- fetched{page, err}:
		case <-ctx.Done():
			return
		}
		if err != nil || next == "" {
			return
		}
		after = next
	}
}

// accruePage computes and writes the accruals of one page, reading the
// birth dates it needs through the gate in one call.
func (s *Service) accruePage(ctx context.Context, day measure.Date, page []DaySteps, rep *DayReport) error {
	done, err := s.accrued(ctx, s.cfg.SQL.Reader(), points.Daily, day, subjectsOf(page))
	if err != nil {
		return err
	}
	todo := page[:0:0]
	for _, d := range page {
		if !done[d.Subject] {
			todo = append(todo, d)
		}
	}
	rep.Earlier += len(page) - len(todo)
	acc := make([]points.Accrual, len(todo))
	ages := make([]ageRead, len(todo))
	if err := s.dailyPage(ctx, day, todo, acc, ages); err != nil {
		return err
	}
	out := acc[:0]
	for i, a := range acc {
		rep.AgesRead += b2i(ages[i] != ageNotNeeded)
		rep.AgesUnknown += b2i(ages[i] == ageUnknown)
		if a.Rule != "" {
			out = append(out, a)
		}
	}
	n, total, err := s.write(ctx, out)
	rep.Accrued, rep.Points, rep.Earlier = rep.Accrued+n, rep.Points+total, rep.Earlier+len(out)-n
	return err
}

// ageRead says whether and how a day needed the participant's age.
type ageRead int

const (
	ageNotNeeded ageRead = iota
	ageKnown
	ageUnknown
)

// dailyPage applies the daily rules to a page, reading the birth dates
// only of those whose age can change the award, in one call.
func (s *Service) dailyPage(ctx context.Context, day measure.Date, page []DaySteps, acc []points.Accrual, ages []ageRead) error {
	var need []string
	var at []int
	for i, d := range page {
		if s.cfg.Rules.NeedsAge(d.Steps) {
			need, at = append(need, d.Subject), append(at, i)
		}
	}
	born := make([]measure.Date, len(page))
	for i := range born {
		born[i] = day // age 0: the rules for everyone
	}
	if len(need) > 0 {
		dates, ok, err := s.cfg.Ages.BirthDates(ctx, need)
		if err != nil {
			return err
		}
		for k, i := range at {
			ages[i] = ageUnknown
			if ok[k] {
				born[i], ages[i] = dates[k], ageKnown
			}
		}
	}
	for i, d := range page {
		acc[i] = s.cfg.Rules.Daily(points.Participant{ID: d.Subject, BirthDate: born[i]}, day, d.Steps)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func subjectsOf(page []DaySteps) []string {
	out := make([]string, len(page))
	for i, d := range page {
		out[i] = d.Subject
	}
	return out
}
