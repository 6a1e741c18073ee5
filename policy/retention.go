package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Shape names the form of a retention rule.
type Shape int

// Retention shapes.
const (
	ShapeInvalid       Shape = iota
	ShapePeriod              // a period from collection or from a named event
	ShapeUntil               // until a named event
	ShapeImmediate           // destroyed at once after use
	ShapeImmediateKeep       // destroyed at once unless the subject consents to keep it a while
	ShapePeriodUntil         // a period from collection, or until a named event if it comes first
)

// Shape classifies the rule, or explains why the engine cannot compute it.
func (r *Retention) Shape() (Shape, error) {
	hasPeriod, hasUntil := !r.Period.IsZero(), r.Until != ""
	switch {
	case hasPeriod && !hasUntil && !r.Immediate:
		if r.After != "" {
			if _, ok := Events[r.After]; !ok {
				return ShapeInvalid, fmt.Errorf("after: unknown event %q (known: %s)", r.After, eventList())
			}
		}
		return ShapePeriod, nil
	case hasUntil && !hasPeriod && !r.Immediate && r.After == "":
		if _, ok := Events[r.Until]; !ok {
			return ShapeInvalid, fmt.Errorf("until: unknown event %q (known: %s)", r.Until, eventList())
		}
		return ShapeUntil, nil
	case hasPeriod && hasUntil && !r.Immediate && r.After == "":
		if _, ok := Events[r.Until]; !ok {
			return ShapeInvalid, fmt.Errorf("until: unknown event %q (known: %s)", r.Until, eventList())
		}
		if r.Separate != nil || r.Method == "separate" {
			return ShapeInvalid, fmt.Errorf("a period with until ends in destruction: it cannot be kept separately")
		}
		return ShapePeriodUntil, nil
	case r.Immediate && !hasPeriod && !hasUntil && r.After == "":
		if len(r.KeepWithConsent) > 0 {
			return ShapeImmediateKeep, nil
		}
		return ShapeImmediate, nil
	}
	return ShapeInvalid, fmt.Errorf("want exactly one of: period (with optional after), until, period with until (whichever comes first), immediate")
}

func eventList() string {
	names := make([]string, 0, len(Events))
	for e := range Events {
		names = append(names, e)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// rules checks a purpose's retention rules.
func (l *linter) rules(pu *Purpose) {
	seen := map[string]bool{}
	for _, r := range pu.Retention {
		if r.ID != "" && seen[r.ID] {
			l.at(r.Line, "purpose %q: retention rule %q declared twice", pu.ID, r.ID)
		}
		seen[r.ID] = true
		l.rule(pu.ID, r, pu)
	}
}

// rule checks one retention rule; pu is nil for rules outside purposes.
func (l *linter) rule(owner string, r *Retention, pu *Purpose) {
	if _, err := r.Shape(); err != nil {
		l.at(r.Line, "%s: retention rule %q cannot be computed: %v", owner, r.ID, err)
	}
	if !slices.Contains(destroyHow, r.Method) {
		l.at(r.Line, "%s: retention rule %q: method %q: want crypto_shred, delete or separate", owner, r.ID, r.Method)
	}
	if (r.Method == "separate") != (r.Separate != nil) {
		l.at(r.Line, "%s: retention rule %q: method separate and a separate block go together", owner, r.ID)
	}
	if r.Separate != nil && l.p.Purpose(r.Separate.Purpose) == nil {
		l.at(r.Separate.Line, "%s: separately kept data serves unknown purpose %q", owner, r.Separate.Purpose)
	}
	if pu == nil {
		return
	}
	for _, id := range r.Items {
		if !slices.ContainsFunc(pu.Items, func(it *Item) bool { return it.ID == id }) {
			l.at(r.Line, "%s: retention rule %q names item %q, which the purpose does not declare", owner, r.ID, id)
		}
	}
}

// LookupItem resolves an item reference: "purpose/item", or "item" looked up
// first in the given purpose, then anywhere in the policy if it is unambiguous.
func (p *Policy) LookupItem(ref, purpose string) (*Item, error) {
	if pid, iid, ok := strings.Cut(ref, "/"); ok {
		return p.itemIn(pid, iid, ref)
	}
	if purpose != "" {
		if it, err := p.itemIn(purpose, ref, ref); err == nil {
			return it, nil
		}
	}
	var found []*Item
	for _, pu := range p.Purposes {
		for _, it := range pu.Items {
			if it.ID == ref {
				found = append(found, it)
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("item %q is not declared", ref)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("item %q is declared in several purposes: write purpose/item", ref)
}

func (p *Policy) itemIn(purpose, id, ref string) (*Item, error) {
	pu := p.Purpose(purpose)
	if pu == nil {
		return nil, fmt.Errorf("item %q: purpose %q is not declared", ref, purpose)
	}
	for _, it := range pu.Items {
		if it.ID == id {
			return it, nil
		}
	}
	return nil, fmt.Errorf("item %q is not declared in purpose %q", ref, purpose)
}
