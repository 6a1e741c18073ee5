package render

import (
	"strings"

	"jikimi/policy"
)

// retentionPhrase words one retention rule for the public. A rule that
// carries the seed's own wording (Text) keeps it; otherwise the phrase is
// built from the rule's shape, so what the engine enforces is what we say.
func retentionPhrase(r *policy.Retention) string {
	switch {
	case r.Text != "":
		return flat(r.Text)
	case r.Immediate && len(r.KeepWithConsent) > 0:
		return "즉시 파기 (본인 동의 시 " + periods(r.KeepWithConsent) + " 보관)"
	case r.Immediate:
		return "이용 후 즉시 파기"
	case r.Until != "" && !r.Period.IsZero():
		return "수집일로부터 " + r.Period.Korean() + " (" + event(r.Until) + " 시 즉시 파기)"
	case r.Until != "":
		return event(r.Until) + " 시까지"
	case r.After == "" || r.After == "collection":
		return "수집일로부터 " + r.Period.Korean()
	}
	return event(r.After) + " 후 " + r.Period.Korean()
}

// event is the Korean name of a retention event, or its ID when unknown
// (the loader refuses unknown events, so this is only a safety net).
func event(id string) string {
	return or(policy.Events[id], id)
}

func periods(ps []policy.Period) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Korean()
	}
	return strings.Join(out, "/")
}

// ruleSubject says what a rule of the purpose covers: its label, else the
// items it names, else the whole purpose.
func ruleSubject(p *policy.Policy, pu *policy.Purpose, r *policy.Retention) string {
	switch {
	case r.Label != "":
		return r.Label
	case len(r.Items) > 0:
		return itemNames(p, r.Items, pu.ID)
	}
	return "보유기간"
}

// ruleLine is one rule of the retention article: what, how long, on what
// basis, and whether it is kept apart.
func ruleLine(p *policy.Policy, pu *policy.Purpose, r *policy.Retention) inline {
	s := retentionPhrase(r)
	if r.Text == "" || r.Label == "" || !strings.Contains(r.Text, r.Label) {
		s = ruleSubject(p, pu, r) + ": " + s // the seed's own wording may already say what it covers
	}
	if b := statutes(r.Basis); b != "" && b != statutes(pu.Basis.Statutes) {
		s += " (근거: " + b + ")"
	}
	if r.Separate != nil {
		s += " — 분리보관: " + keptFor(p, r.Separate) + " 목적으로만 별도 보관"
	}
	return plain(s)
}

// keptFor names the one purpose separately kept data may serve.
func keptFor(p *policy.Policy, s *policy.Separate) string {
	if pu := p.Purpose(s.Purpose); pu != nil {
		return pu.Title
	}
	return s.Purpose
}

// itemNames names items by reference ("item" or "purpose/item", resolved
// in the given purpose first), keeping a reference that names no item.
func itemNames(p *policy.Policy, refs []string, purpose string) string {
	out := make([]string, len(refs))
	for i, ref := range refs {
		out[i] = itemName(p, ref, purpose)
	}
	return strings.Join(out, ", ")
}

func itemName(p *policy.Policy, ref, purpose string) string {
	if it, err := p.LookupItem(ref, purpose); err == nil {
		return it.Name
	}
	return ref
}

// names joins the names of items.
func names(items []*policy.Item) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return strings.Join(out, ", ")
}
