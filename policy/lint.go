package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Minimum access-log retention (Safety Measures Standard 8(1)).
const (
	minAccessLogDays          = 365     // every system
	minAccessLogDaysSensitive = 2 * 365 // sensitive or unique-identifier data, or ≥ 50,000 people
)

var (
	itemClasses  = []string{ClassGeneral, ClassSensitive, ClassUniqueID, ClassAuto}
	identifiers  = []string{"", "rrn", "passport", "driver_licence", "alien_registration", "ci"}
	destroyHow   = []string{"", "crypto_shred", "delete", "separate"}
	contactRoles = []string{"officer", "officer_staff", "manager", "handler", "sector_officer", "access_desk"}
)

// linter collects the findings for one declaration.
type linter struct {
	p     *Policy
	probs Problems
}

func (l *linter) at(line int, format string, args ...any) {
	if line == 0 {
		line = l.p.Line
	}
	l.probs = append(l.probs, Problem{File: l.p.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Lint checks a declaration against the law (shared/PIPA.md) and against
// itself. It returns every finding, sorted by line; none means it may load.
func Lint(p *Policy) Problems {
	l := &linter{p: p}
	l.header()
	l.purposes()
	l.automatic()
	l.accessLog()
	l.provisions()
	l.consignment()
	l.pseudonymised()
	l.history()
	l.probs.Sort()
	return l.probs
}

func (l *linter) header() {
	p := l.p
	if p.Service == "" || strings.ContainsAny(p.Service, " /") {
		l.at(p.Line, "service: want a service ID such as seoul-healthcare")
	}
	if p.Version == "" {
		l.at(p.Line, "version: missing")
	}
	if p.Effective.IsZero() {
		l.at(p.Line, "effective: missing effective date (Act 30: a policy states when it applies)")
	}
	if p.Title == "" {
		l.at(p.Line, "title: missing")
	}
	if p.Controller.Name == "" {
		l.at(p.Controller.Line, "controller.name: missing")
	}
	officer := false
	for _, c := range p.Controller.Contacts {
		if !slices.Contains(contactRoles, c.Role) {
			l.at(c.Line, "contact role %q: want one of %s", c.Role, strings.Join(contactRoles, ", "))
		}
		officer = officer || c.Role == "officer"
	}
	if !officer {
		l.at(p.Controller.Line, "controller: no privacy officer (a contact with role officer; Act 31)")
	}
	if len(p.Purposes) == 0 {
		l.at(p.Line, "purposes: none declared")
	}
}

func (l *linter) purposes() {
	seen := map[string]bool{}
	for _, pu := range l.p.Purposes {
		if pu.ID == "" {
			l.at(pu.Line, "purpose without id")
		} else if seen[pu.ID] {
			l.at(pu.Line, "purpose %q declared twice", pu.ID)
		}
		seen[pu.ID] = true
		if pu.Title == "" {
			l.at(pu.Line, "purpose %q: title missing", pu.ID)
		}
		l.basis(pu)
		l.items(pu)
		l.rules(pu)
		l.condition(pu)
		l.minors(pu)
	}
}

func (l *linter) basis(pu *Purpose) {
	if !pu.Basis.Consent && !pu.NamesStatute() {
		l.at(pu.Line, "purpose %q: no legal basis (consent or a named statute; Act 15)", pu.ID)
	}
	for _, s := range pu.Basis.Statutes {
		if s.Law == "" || s.Article == "" {
			l.at(s.Line, "purpose %q: a statute needs both law and article", pu.ID)
		}
	}
	if !pu.Required && !pu.Basis.Consent {
		l.at(pu.Line, "purpose %q is optional but not based on consent: an optional purpose exists only by consent", pu.ID)
	}
}

func (l *linter) items(pu *Purpose) {
	if len(pu.Items) == 0 {
		l.at(pu.Line, "purpose %q has no items: a purpose without items processes nothing", pu.ID)
	}
	seen := map[string]bool{}
	for _, it := range pu.Items {
		l.item(it, seen, pu.ID)
		if len(pu.RetentionFor(it.ID)) == 0 {
			l.at(it.Line, "item %q (%s) of purpose %q has no retention rule", it.ID, it.Name, pu.ID)
		}
		l.itemBasis(pu, it)
	}
}

func (l *linter) item(it *Item, seen map[string]bool, owner string) {
	switch {
	case it.ID == "":
		l.at(it.Line, "item without id in %s", owner)
	case seen[it.ID]:
		l.at(it.Line, "item %q declared twice in %s", it.ID, owner)
	}
	seen[it.ID] = true
	if it.Name == "" {
		l.at(it.Line, "item %q: name missing", it.ID)
	}
	if !slices.Contains(itemClasses, it.Class) {
		l.at(it.Line, "item %q: class %q: want one of %s", it.ID, it.Class, strings.Join(itemClasses, ", "))
	}
	if !slices.Contains(identifiers, it.Identifier) {
		l.at(it.Line, "item %q: identifier %q: want one of %s", it.ID, it.Identifier, strings.Join(identifiers[1:], ", "))
	}
}

func (l *linter) itemBasis(pu *Purpose, it *Item) {
	switch {
	case it.Identifier == "rrn" && !pu.NamesStatute():
		l.at(it.Line, "item %q is a resident registration number: purpose %q must name the statute that requires or permits it; consent alone is no basis (Act 24-2)", it.ID, pu.ID)
	case it.Class == ClassSensitive && !pu.SeparateConsent() && !pu.NamesStatute():
		l.at(it.Line, "item %q is sensitive (민감정보): purpose %q must ask separate consent or name a statute (Act 23)", it.ID, pu.ID)
	case it.Class == ClassUniqueID && !pu.SeparateConsent() && !pu.NamesStatute():
		l.at(it.Line, "item %q is a unique identifier (고유식별정보): purpose %q must ask separate consent or name a statute (Act 24)", it.ID, pu.ID)
	}
}

// condition: an optional purpose is never a condition of the service (Act 22(5)).
func (l *linter) condition(pu *Purpose) {
	if !pu.Required && pu.Consent != nil && pu.Consent.DeniesService {
		l.at(pu.Consent.Line, "purpose %q is optional, yet refusing it denies the service (Act 22(5))", pu.ID)
	}
	for _, r := range pu.Requires {
		dep := l.p.Purpose(r)
		switch {
		case dep == nil:
			l.at(pu.Line, "purpose %q requires unknown purpose %q", pu.ID, r)
		case pu.Required && !dep.Required:
			l.at(pu.Line, "required purpose %q requires optional purpose %q: an optional purpose is never a condition of the service (Act 22(5))", pu.ID, r)
		}
	}
}

func (l *linter) minors(pu *Purpose) {
	m := pu.Minors
	if m == nil || !m.Allowed {
		return
	}
	if !m.RepresentativeConsent {
		l.at(m.Line, "purpose %q is open to children under 14 but declares no legal-representative consent (Act 22-2)", pu.ID)
	}
	if len(m.Verification) == 0 {
		l.at(m.Line, "purpose %q: under-14 consent needs at least one verification method (Decree 17-2)", pu.ID)
	}
	for _, id := range m.RepresentativeItems {
		if !slices.ContainsFunc(pu.Items, func(it *Item) bool { return it.ID == id }) {
			l.at(m.Line, "purpose %q: representative item %q is not an item of the purpose", pu.ID, id)
		}
	}
}

func (l *linter) automatic() {
	a := l.p.Automatic
	if a == nil {
		return
	}
	seen := map[string]bool{}
	for _, it := range a.Items {
		l.item(it, seen, "automatic")
	}
	if a.Retention != nil {
		l.rule("automatic", a.Retention, nil)
	} else if len(a.Items) > 0 && l.p.AccessLog.Retention.IsZero() {
		l.at(a.Line, "automatic items have no retention: set automatic.retention or access_log.retention")
	}
	if a.Cookies != nil && a.Cookies.HowToRefuse == "" {
		l.at(a.Cookies.Line, "cookies: how_to_refuse missing (Act 30(1) 7)")
	}
}

func (l *linter) accessLog() {
	r := l.p.AccessLog.Retention
	if r.IsZero() {
		l.at(l.p.AccessLog.Line, "access_log.retention missing (Safety Measures Standard 8)")
		return
	}
	if r.MinDays() < minAccessLogDays {
		l.at(l.p.AccessLog.Line, "access_log.retention %s is shorter than 1 year (Standard 8(1))", r)
	}
	if l.holdsSpecialData() && r.MinDays() < minAccessLogDaysSensitive {
		l.at(l.p.AccessLog.Line, "access_log.retention %s: a system holding sensitive or unique-identifier data keeps access logs at least 2 years (Standard 8(1))", r)
	}
}

func (l *linter) holdsSpecialData() bool {
	for _, pu := range l.p.Purposes {
		for _, it := range pu.Items {
			if it.Class == ClassSensitive || it.Class == ClassUniqueID {
				return true
			}
		}
	}
	return false
}

func (l *linter) provisions() {
	seen := map[string]bool{}
	for _, pr := range l.p.ThirdParties.Provisions {
		if pr.ID == "" || seen[pr.ID] {
			l.at(pr.Line, "provision needs a unique id (got %q)", pr.ID)
		}
		seen[pr.ID] = true
		if pr.Recipient == "" || pr.Purpose == "" {
			l.at(pr.Line, "provision %q: recipient and purpose are required (Act 17(2))", pr.ID)
		}
		if !pr.ConsentRequired && len(pr.Statutes) == 0 {
			l.at(pr.Line, "provision %q: without consent a provision needs a named statute (Act 17, 18)", pr.ID)
		}
		if pr.Retention == "" && pr.RetentionPeriod.IsZero() {
			l.at(pr.Line, "provision %q: retention at the recipient missing (Act 17(2))", pr.ID)
		}
		l.provisionItems(pr)
	}
}

func (l *linter) provisionItems(pr *Provision) {
	if len(pr.Items) == 0 {
		l.at(pr.Line, "provision %q provides no items", pr.ID)
	}
	if pr.SourcePurpose != "" && l.p.Purpose(pr.SourcePurpose) == nil {
		l.at(pr.Line, "provision %q: source_purpose %q is not declared", pr.ID, pr.SourcePurpose)
	}
	for _, ref := range pr.Items {
		if _, err := l.p.LookupItem(ref, pr.SourcePurpose); err != nil {
			l.at(pr.Line, "provision %q: %v: a third party receives only items the service collects", pr.ID, err)
		}
	}
	for ref := range pr.ItemLabels {
		if !slices.Contains(pr.Items, ref) {
			l.at(pr.Line, "provision %q: item_labels names %q, which it does not provide", pr.ID, ref)
		}
	}
}

func (l *linter) consignment() {
	c := l.p.Consignment
	switch {
	case c.None && len(c.Trustees) > 0:
		l.at(c.Line, "consignment: none is true but trustees are listed")
	case !c.None && len(c.Trustees) == 0:
		l.at(c.Line, "consignment: list the trustees or say none: true (Act 26(2))")
	}
	for _, t := range c.Trustees {
		if t.Name == "" || t.Task == "" {
			l.at(t.Line, "trustee: name and task are required")
		}
		if !t.From.IsZero() && !t.To.IsZero() && t.To.Before(t.From.Time) {
			l.at(t.Line, "trustee %q: period ends before it starts", t.Name)
		}
	}
}

func (l *linter) history() {
	for _, h := range l.p.History {
		if h.Version == "" || h.From.IsZero() {
			l.at(h.Line, "history entry needs version and from")
		}
		if !h.To.IsZero() && h.To.Before(h.From.Time) {
			l.at(h.Line, "history entry %q ends before it starts", h.Version)
		}
		if !h.From.IsZero() && !h.From.Before(l.p.Effective.Time) {
			l.at(h.Line, "history entry %q does not precede this version's effective date", h.Version)
		}
	}
}

func (l *linter) pseudonymised() {
	ps := l.p.Pseudonymised
	if ps == nil {
		return
	}
	if ps.Purpose == "" || len(ps.Items) == 0 {
		l.at(ps.Line, "pseudonymised: purpose and items are required (Act 30(1))")
	}
	if ps.SourcePurpose != "" && l.p.Purpose(ps.SourcePurpose) == nil {
		l.at(ps.Line, "pseudonymised: source_purpose %q is not declared", ps.SourcePurpose)
	}
	for _, ref := range ps.Items {
		if _, err := l.p.LookupItem(ref, ps.SourcePurpose); err != nil {
			l.at(ps.Line, "pseudonymised: %v", err)
		}
	}
	if r := ps.Roles; r != nil {
		if len(r.Reidentify) > 0 && len(r.Pseudonymise) == 0 {
			l.at(r.Line, "pseudonymised.roles: a re-identifying role without a pseudonymising one")
		}
		for _, role := range r.Reidentify {
			if slices.Contains(r.Pseudonymise, role) {
				l.at(r.Line, "pseudonymised.roles: %q both pseudonymises and re-identifies: the re-identification key is kept with separate access rights (Decree 29-5)", role)
			}
		}
	}
}
