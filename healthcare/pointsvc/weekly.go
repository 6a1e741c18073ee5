package pointsvc

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/store"
)

// WeekReport says what a weekly run did.
type WeekReport struct {
	Week    measure.Date `json:"week"` // its Monday
	Seen    int          `json:"seen"` // participants with a successful day in the week
	Accrued int          `json:"accrued"`
	Points  int64        `json:"points"`
}

// RunWeek accrues the weekly bonus of the Monday-to-Sunday week holding
// week, from the daily accruals the ledger already has: it reads neither
// steps nor ages again. Run it once the week's days have all been run; it
// is idempotent like RunDay.
func (s *Service) RunWeek(ctx context.Context, week measure.Date) (WeekReport, error) {
	monday := week.Monday()
	rep := WeekReport{Week: monday}
	days, err := s.successfulDays(ctx, monday)
	if err != nil {
		return rep, err
	}
	subjects := make([]string, 0, len(days))
	for sub := range days {
		subjects = append(subjects, sub)
	}
	slices.Sort(subjects)
	rep.Seen = len(subjects)
	for start := 0; start < len(subjects); start += s.cfg.Batch {
		page := subjects[start:min(start+s.cfg.Batch, len(subjects))]
		var out []points.Accrual
		for _, sub := range page {
			if a := s.cfg.Rules.WeeklyOf(sub, monday, days[sub]); a.Rule != "" {
				out = append(out, a)
			}
		}
		n, total, err := s.write(ctx, out)
		if err != nil {
			return rep, err
		}
		rep.Accrued, rep.Points = rep.Accrued+n, rep.Points+total
	}
	return rep, nil
}

// successfulDays reads which days of the week each participant met a
// daily rule: a stored daily accrual, capped or not.
func (s *Service) successfulDays(ctx context.Context, monday measure.Date) (map[string][7]bool, error) {
	out := map[string][7]bool{}
	err := store.Each(ctx, s.cfg.SQL.Reader(), "points: reading the week", func(sc store.Scanner) error {
		var sub, day string
		if err := sc.Scan(&sub, &day); err != nil {
			return err
		}
		d, err := measure.ParseDate(day)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "points: a malformed day in the ledger")
		}
		week := out[sub]
		week[(int(d.Weekday())+6)%7] = true
		out[sub] = week
		return nil
	}, `SELECT subject, day FROM hc_points_entries WHERE day >= ? AND day <= ? AND kind = ?`,
		monday.String(), monday.AddDays(6).String(), string(points.Daily))
	if err != nil {
		return nil, err
	}
	return out, nil
}
