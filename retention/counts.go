package retention

import (
	"context"

	"jikimi/store"
)

// Unfinished are the states of a plan not yet done, as PlanCounts counts
// them.
var Unfinished = []string{StateBuilding, StatePending, StateEscalated, StateApproved, StateExecuting}

// PlanCounts counts the plans in each unfinished state, each present: for
// an operator's metrics (a plan escalated is an officer's approval late).
func PlanCounts(ctx context.Context, sql store.SQL) (map[string]int, error) {
	out := make(map[string]int, len(Unfinished))
	for _, s := range Unfinished {
		out[s] = 0
	}
	err := store.Each(ctx, sql.Reader(), "retention: count plans", func(s store.Scanner) error {
		var state string
		var n int
		if err := s.Scan(&state, &n); err != nil {
			return err
		}
		if _, ok := out[state]; ok {
			out[state] = n
		}
		return nil
	}, `SELECT state, COUNT(*) FROM retention_plans WHERE state <> ? GROUP BY state`, StateDone)
	return out, err
}
