package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Change is one difference between two versions.
type Change struct {
	Kind   string // purpose | item | period | recipient | trustee
	Op     string // added | removed | changed
	Ref    string // what changed, by ID
	Detail string
}

func (c Change) String() string {
	s := fmt.Sprintf("%-9s %-7s %s", c.Kind, c.Op, c.Ref)
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

// Reconsent names consents that a new version makes insufficient (Act 18:
// a new purpose or recipient, more items, or a longer period needs new consent).
type Reconsent struct {
	Scope  string // "purpose <id>" or "provision <id>"
	Reason string
}

// Diff lists what changed from old to new.
type Diff struct {
	Changes   []Change
	Reconsent []Reconsent
}

// Compare diffs two versions of one service's policy.
func Compare(old, new *Policy) Diff {
	var d Diff
	d.purposes(old, new)
	d.provisions(old, new)
	d.trustees(old, new)
	return d
}

func (d *Diff) add(kind, op, ref, detail string) {
	d.Changes = append(d.Changes, Change{kind, op, ref, detail})
}

func (d *Diff) reconsent(scope, format string, args ...any) {
	d.Reconsent = append(d.Reconsent, Reconsent{scope, fmt.Sprintf(format, args...)})
}

func (d *Diff) purposes(old, new *Policy) {
	for _, o := range old.Purposes {
		if new.Purpose(o.ID) == nil {
			d.add("purpose", "removed", o.ID, o.Title)
		}
	}
	for _, n := range new.Purposes {
		o := old.Purpose(n.ID)
		if o == nil {
			d.add("purpose", "added", n.ID, n.Title)
			if n.Basis.Consent {
				d.reconsent("purpose "+n.ID, "new purpose %q needs its own consent", n.Title)
			}
			continue
		}
		if o.Title != n.Title || o.Required != n.Required {
			d.add("purpose", "changed", n.ID, fmt.Sprintf("%q (required %t) -> %q (required %t)", o.Title, o.Required, n.Title, n.Required))
		}
		d.items(o, n)
		d.periods(o, n)
	}
}

func (d *Diff) items(o, n *Purpose) {
	for _, oi := range o.Items {
		if !slices.ContainsFunc(n.Items, func(it *Item) bool { return it.ID == oi.ID }) {
			d.add("item", "removed", o.ID+"/"+oi.ID, oi.Name)
		}
	}
	for _, ni := range n.Items {
		i := slices.IndexFunc(o.Items, func(it *Item) bool { return it.ID == ni.ID })
		if i < 0 {
			d.add("item", "added", n.ID+"/"+ni.ID, ni.Name+" ("+ni.Class+")")
			if n.Basis.Consent {
				d.reconsent("purpose "+n.ID, "consent did not cover the new item %q", ni.Name)
			}
			continue
		}
		oi := o.Items[i]
		if oi.Name != ni.Name || oi.Class != ni.Class || oi.Required != ni.Required {
			d.add("item", "changed", n.ID+"/"+ni.ID, fmt.Sprintf("%s %s -> %s %s", oi.Name, oi.Class, ni.Name, ni.Class))
		}
		if n.Basis.Consent && classRank(ni.Class) > classRank(oi.Class) {
			d.reconsent("purpose "+n.ID, "item %q became %s", ni.Name, ni.Class)
		}
	}
}

func classRank(c string) int {
	switch c {
	case ClassSensitive, ClassUniqueID:
		return 1
	}
	return 0
}

func (d *Diff) periods(o, n *Purpose) {
	for _, nr := range n.Retention {
		or := o.Rule(nr.ID)
		if or == nil {
			d.add("period", "added", n.ID+"/"+nr.ID, nr.Describe())
			continue
		}
		if or.Describe() == nr.Describe() {
			continue
		}
		d.add("period", "changed", n.ID+"/"+nr.ID, or.Describe()+" -> "+nr.Describe())
		if n.Basis.Consent && longer(or, nr) {
			d.reconsent("purpose "+n.ID, "retention %q is longer than consented (%s -> %s)", nr.ID, or.Describe(), nr.Describe())
		}
	}
	for _, or := range o.Retention {
		if n.Rule(or.ID) == nil {
			d.add("period", "removed", o.ID+"/"+or.ID, or.Describe())
		}
	}
}

// longer reports whether b may keep data longer than a. Only two rules of the
// same shape and event compare; a change of shape counts as longer, to be safe.
func longer(a, b *Retention) bool {
	sa, _ := a.Shape()
	sb, _ := b.Shape()
	if sa == ShapePeriod && a.After == "" && sb == ShapePeriodUntil {
		return b.Period.Days() > a.Period.Days() // the event can only end keeping sooner
	}
	if sa != sb || a.After != b.After || a.Until != b.Until {
		return true
	}
	if sa == ShapeImmediateKeep {
		return maxPeriod(b.KeepWithConsent) > maxPeriod(a.KeepWithConsent)
	}
	return b.Period.Days() > a.Period.Days()
}

func maxPeriod(ps []Period) int {
	m := 0
	for _, p := range ps {
		m = max(m, p.Days())
	}
	return m
}

// Describe writes a rule in its declared terms ("90d after result_notified").
func (r *Retention) Describe() string {
	var parts []string
	switch {
	case r.Immediate:
		parts = append(parts, "immediate")
		for _, k := range r.KeepWithConsent {
			parts = append(parts, "keep "+k.String()+" with consent")
		}
	case r.Until != "" && !r.Period.IsZero():
		parts = append(parts, r.Period.String()+" or until "+r.Until+", whichever comes first")
	case r.Until != "":
		parts = append(parts, "until "+r.Until)
	default:
		parts = append(parts, r.Period.String())
		if r.After != "" {
			parts = append(parts, "after "+r.After)
		}
	}
	if r.Separate != nil {
		parts = append(parts, "kept separately for "+r.Separate.Purpose)
	}
	return strings.Join(parts, " ")
}

func (d *Diff) provisions(old, new *Policy) {
	for _, op := range old.ThirdParties.Provisions {
		if new.Provision(op.ID) == nil {
			d.add("recipient", "removed", op.ID, op.Recipient)
		}
	}
	for _, np := range new.ThirdParties.Provisions {
		op := old.Provision(np.ID)
		if op == nil {
			d.add("recipient", "added", np.ID, np.Recipient+": "+strings.Join(np.Items, ", "))
			if np.ConsentRequired {
				d.reconsent("provision "+np.ID, "new recipient %q needs consent to the provision", np.Recipient)
			}
			continue
		}
		d.provisionChanged(op, np)
	}
}

func (d *Diff) provisionChanged(op, np *Provision) {
	var extra []string
	for _, it := range np.Items {
		if !slices.Contains(op.Items, it) {
			extra = append(extra, it)
		}
	}
	if op.Recipient != np.Recipient || len(extra) > 0 || len(op.Items) != len(np.Items) || op.Purpose != np.Purpose {
		d.add("recipient", "changed", np.ID, fmt.Sprintf("%s [%s] -> %s [%s]", op.Recipient, strings.Join(op.Items, ", "), np.Recipient, strings.Join(np.Items, ", ")))
	}
	if !np.ConsentRequired {
		return
	}
	switch {
	case op.Recipient != np.Recipient:
		d.reconsent("provision "+np.ID, "the recipient changed to %q", np.Recipient)
	case len(extra) > 0:
		d.reconsent("provision "+np.ID, "more items provided: %s", strings.Join(extra, ", "))
	case op.Purpose != np.Purpose:
		d.reconsent("provision "+np.ID, "the recipient's purpose changed")
	case np.RetentionPeriod.Days() > op.RetentionPeriod.Days():
		d.reconsent("provision "+np.ID, "the recipient keeps the data longer (%s -> %s)", op.RetentionPeriod, np.RetentionPeriod)
	}
}

func (d *Diff) trustees(old, new *Policy) {
	key := func(t *Trustee) string { return t.Name + "|" + t.Task }
	oldKeys := map[string]*Trustee{}
	for _, t := range old.Consignment.Trustees {
		oldKeys[key(t)] = t
	}
	newKeys := map[string]bool{}
	for _, t := range new.Consignment.Trustees {
		newKeys[key(t)] = true
		o, ok := oldKeys[key(t)]
		switch {
		case !ok:
			d.add("trustee", "added", t.Name, t.Task)
		case !o.From.Equal(t.From.Time) || !o.To.Equal(t.To.Time):
			d.add("trustee", "changed", t.Name, fmt.Sprintf("%s~%s -> %s~%s", o.From, o.To, t.From, t.To))
		}
	}
	for _, t := range old.Consignment.Trustees {
		if !newKeys[key(t)] {
			d.add("trustee", "removed", t.Name, t.Task)
		}
	}
}
