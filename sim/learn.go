package sim

import (
	"context"
	"fmt"

	"jikimi/policy"
	"jikimi/vault"
)

// learn settles the simulator's account of a member with what the gate
// holds after a service acted: records it did not know of are new, stored
// now by the service (their clocks start by the simulator's own reading of
// their rules, not by the gate's due dates); records it knew of that the
// gate no longer holds left it now, unless a destruction record says
// otherwise (a service shredding them on the spot, like the newsletter on
// unsubscribing). It reads opaque IDs, purposes, rules and cases only
// (vault.Holdings), never content.
func (s *sim) learn(ctx context.Context, m *member) error {
	_, err := s.learnNew(ctx, m)
	return err
}

// learnNew is learn, returning the records new to the simulator.
func (s *sim) learnNew(ctx context.Context, m *member) ([]*rec, error) {
	held, err := s.cfg.Vault.Holdings(ctx, vault.Request{Actor: system, Service: m.service, Subject: m.subject})
	if err != nil {
		return nil, err
	}
	var fresh []*rec
	now := make(map[string]bool, len(held))
	for _, h := range held {
		now[h.ID] = true
		if _, known := s.recs[h.ID]; known {
			continue
		}
		if s.rules[ruleKey{m.service, h.Purpose, h.Rule}] == nil {
			return nil, fmt.Errorf("sim: %s stored a record under %s/%s, no rule of its declaration", m.service, h.Purpose, h.Rule)
		}
		k := vault.Retain{Rule: h.Rule, Case: h.Case}
		if h.Purpose == "welfare-search" {
			k.Keep, m.keep = m.keep, policy.Period{}
		}
		fresh = append(fresh, s.track(m, h.Purpose, k, []string{h.ID}, false)...)
	}
	for id, r := range m.held {
		if !now[id] {
			r.left = s.now()
			delete(m.held, id)
		}
	}
	return fresh, nil
}
