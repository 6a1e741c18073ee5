package sim

import (
	"context"
	"time"

	"jikimi/retention"
)

// Report is what a simulation found, per retention rule.
type Report struct {
	Subjects, Years int
	Seed            uint64
	Start           time.Time
	Days, GraceDays int
	Rows            []Row
	FailedRuns      int          // scheduled runs (alerts, points, sweeps) that failed
	Failures        []string     // the first few of them, with their day
	Rights          *RightsTable // nil when no rights requests were simulated
}

// Row is one retention rule's account. Lateness is counted in days, from
// the day a step (a destruction, or a move into separate storage) fell due
// by the simulator's own reading of the rule to the day it happened; a
// step due but not done by the end counts as late until the end.
type Row struct {
	Service, Purpose, Rule, Shape string
	Created, Separated, Destroyed int
	MaxLateDays                   int
	Outlived                      int   // records with a step later than the grace
	Early                         int   // records with a step done before it was due
	Direct                        bool  // driven through the gate directly, not through a service's code
	Alive                         []int // records alive (in use or kept apart) at the end of each simulated week
}

// Outlived is how many records outlived their deadline, in all rules.
func (r *Report) Outlived() int {
	n := 0
	for _, row := range r.Rows {
		n += row.Outlived
	}
	return n
}

// report reads the destruction records and settles the account.
func (s *sim) report(ctx context.Context) (*Report, error) {
	if s.cfg.Runner != nil {
		err := s.cfg.Runner.Report(ctx, time.Time{}, time.Time{}, func(d retention.Destruction) error {
			s.destroyed(d)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	s.settleLeft()
	s.dateHistories()
	rep := &Report{Subjects: s.cfg.Subjects, Years: s.cfg.Years, Seed: s.cfg.Seed, Start: s.start, Days: s.days,
		GraceDays: int(s.cfg.Grace / (24 * time.Hour)), FailedRuns: s.failed, Failures: s.failures}
	var err error
	if rep.Rights, err = s.rightsTable(ctx); err != nil {
		return nil, err
	}
	end := s.start.AddDate(0, 0, s.days)
	for _, ri := range s.order {
		rep.Rows = append(rep.Rows, s.row(ri, end, rep.GraceDays))
	}
	return rep, nil
}

// destroyed notes one destruction record; records the simulator did not
// store are not its concern.
func (s *sim) destroyed(d retention.Destruction) {
	r := s.recs[d.Record]
	if r == nil {
		return
	}
	if d.Step == "separate" {
		r.sepAt = d.At
		return
	}
	r.gone = d.At
}

// settleLeft dates the destruction of records that left the gate with no
// destruction record (shredded by a service on the spot) by the day the
// simulator saw them gone; records moved into separate storage left
// pd_records too, and keep their own account.
func (s *sim) settleLeft() {
	for _, r := range s.recs {
		if r.gone.IsZero() && r.sepAt.IsZero() && !r.left.IsZero() {
			r.gone = r.left
		}
	}
}

// dateHistories dates each application's history from the destruction of
// the last of its draft and details (details_destroyed).
func (s *sim) dateHistories() {
	for _, r := range s.recs {
		a := r.app
		if a == nil || a.history == nil || a.history != r {
			continue
		}
		var last time.Time
		for _, x := range append([]*rec{a.draft}, a.details...) {
			if x == nil {
				continue
			}
			if x.gone.IsZero() {
				last = time.Time{}
				break
			}
			if x.gone.After(last) {
				last = x.gone
			}
		}
		r.due = last
	}
}

// row settles one rule.
func (s *sim) row(ri *ruleInfo, end time.Time, grace int) Row {
	row := Row{Service: ri.service, Purpose: ri.purpose, Rule: ri.r.ID, Shape: shape(ri.r), Direct: ri.direct}
	weeks := s.days/7 + 1
	delta := make([]int, weeks+1)
	for _, r := range ri.records {
		row.Created++
		delta[s.week(r.created, weeks)]++
		if !r.sepAt.IsZero() {
			row.Separated++
		}
		if !r.gone.IsZero() {
			row.Destroyed++
			delta[s.week(r.gone, weeks)]--
		}
		late, early := s.lateness(ri, r, end)
		row.MaxLateDays = max(row.MaxLateDays, late)
		if late > grace {
			row.Outlived++
		}
		if early {
			row.Early++
		}
	}
	row.Alive = make([]int, weeks)
	n := 0
	for w := range weeks {
		n += delta[w]
		row.Alive[w] = n
	}
	return row
}

// week is the index of the simulated week t falls in.
func (s *sim) week(t time.Time, weeks int) int {
	return min(max(int(t.Sub(s.start)/(7*24*time.Hour)), 0), weeks)
}

// lateness is a record's worst lateness in days over its steps, and
// whether any step came before it was due.
func (s *sim) lateness(ri *ruleInfo, r *rec, end time.Time) (int, bool) {
	if r.due.IsZero() {
		return 0, !r.gone.IsZero() || !r.sepAt.IsZero() // destroyed while the simulator saw nothing start its clock
	}
	if !separates(ri.r) {
		return stepLate(r.due, r.gone, end)
	}
	l1, e1 := stepLate(r.due, r.sepAt, end)
	l2, e2 := stepLate(ri.r.Period.AddTo(r.due), r.gone, end)
	return max(l1, l2), e1 || e2
}

// stepLate: days from due to done (or to the end, when not done and due).
func stepLate(due, done, end time.Time) (int, bool) {
	if done.IsZero() {
		if !due.Before(end) {
			return 0, false
		}
		done = end
	}
	return days(done) - days(due), days(done) < days(due)
}

func days(t time.Time) int { return int(t.UTC().Unix() / 86400) }
