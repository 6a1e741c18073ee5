package sim

import (
	"fmt"
	"strings"
	"time"

	"jikimi/policy"
)

// ruleInfo is one retention rule of one purpose, with what the simulator
// counted of it.
type ruleInfo struct {
	service, purpose string
	r                *policy.Retention
	records          []*rec
	direct           bool // some record stored, or some clock started, directly through the gate
}

type ruleKey struct{ service, purpose, rule string }

// catalogue lists every retention rule of every purpose of every service in
// force at t, in declaration order.
func catalogue(reg *policy.Registry, t time.Time) ([]*ruleInfo, map[ruleKey]*ruleInfo, error) {
	var order []*ruleInfo
	byKey := map[ruleKey]*ruleInfo{}
	for _, svc := range reg.Services() {
		p, ok := reg.Current(svc, t)
		if !ok {
			return nil, nil, fmt.Errorf("sim: no policy of %s in force at %s", svc, t.Format(time.DateOnly))
		}
		for _, pu := range p.Purposes {
			for _, r := range pu.Retention {
				ri := &ruleInfo{service: svc, purpose: pu.ID, r: r}
				order = append(order, ri)
				byKey[ruleKey{svc, pu.ID, r.ID}] = ri
			}
		}
	}
	return order, byKey, nil
}

// shape describes a rule in a few words: "2y", "until watch_linked",
// "5y after withdrawal, separate", "immediate, keep 1m/3m".
func shape(r *policy.Retention) string {
	var s string
	switch sh, _ := r.Shape(); sh {
	case policy.ShapePeriod:
		s = r.Period.String()
		if r.After != "" {
			s += " after " + r.After
		}
	case policy.ShapeUntil:
		s = "until " + r.Until
	case policy.ShapePeriodUntil:
		s = r.Period.String() + " or until " + r.Until
	case policy.ShapeImmediate:
		s = "immediate"
	case policy.ShapeImmediateKeep:
		keeps := make([]string, len(r.KeepWithConsent))
		for i, k := range r.KeepWithConsent {
			keeps[i] = k.String()
		}
		s = "immediate, keep " + strings.Join(keeps, "/")
	}
	if separates(r) {
		s += ", separate"
	}
	return s
}

// waitsFor is the event a rule's clock starts at; "" for collection or a
// draft's change, which the simulator dates at once.
func waitsFor(r *policy.Retention) string {
	ev := r.Until
	if ev == "" {
		ev = r.After
	}
	if ev == "collection" || ev == "draft_changed" {
		return ""
	}
	return ev
}

// sooner: the rule keeps for a period from collection, or until an event
// if it comes first; its records are dated at once and wait for the event too.
func sooner(r *policy.Retention) bool {
	sh, _ := r.Shape()
	return sh == policy.ShapePeriodUntil
}

// separates: the rule's clock starts with a move into separate storage.
func separates(r *policy.Retention) bool {
	sh, _ := r.Shape()
	return r.Method == "separate" && r.Separate != nil && sh == policy.ShapePeriod
}

// firstDue is the simulator's own reading of a rule: when a record whose
// clock started at start falls due for its first step (its destruction, or
// its move into separate storage).
func firstDue(r *policy.Retention, start time.Time, keep policy.Period) time.Time {
	switch sh, _ := r.Shape(); {
	case separates(r):
		return start
	case sh == policy.ShapePeriod, sh == policy.ShapePeriodUntil:
		return r.Period.AddTo(start)
	case sh == policy.ShapeImmediateKeep:
		return keep.AddTo(start)
	}
	return start
}
