package sim

import (
	"context"
	"slices"
	"strings"

	"jikimi/retention"
)

// destroy is the evening's destruction run; the simulated privacy officer
// approves each plan 0..ApprovalDelay days after it is built, and the
// approved plan is carried out at once.
func (s *sim) destroy(ctx context.Context, d int) error {
	res, err := s.cfg.Runner.Run(ctx, s.now())
	if err != nil {
		return err
	}
	plans := slices.Clone(res.Awaiting)
	slices.SortFunc(plans, func(a, b retention.Plan) int {
		return strings.Compare(a.Day+a.Service, b.Day+b.Service) // plan IDs are random; their order must not steer the PRNG
	})
	for _, p := range plans {
		on, seen := s.approveOn[p.ID]
		if !seen {
			on = d + s.officer.IntN(s.p.ApprovalDelay+1)
			s.approveOn[p.ID] = on
		}
		if d < on {
			continue
		}
		if err := s.approve(ctx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *sim) approve(ctx context.Context, plan string) error {
	if _, err := s.cfg.Runner.Approve(ctx, plan, s.cfg.Officer); err != nil {
		return err
	}
	delete(s.approveOn, plan)
	_, err := s.cfg.Runner.Execute(ctx, plan)
	return err
}
