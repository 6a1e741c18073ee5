package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// IDs are the identifiers of a service's policy that one package's code
// names: the purposes, items, retention rules, consent scopes and
// provisions it types as strings. A package declares them once, as a
// variable built from its own constants, and start-up checks them against
// the policy in force (CheckIDs): a binary whose code names what the
// policy does not declare refuses to start instead of failing on the
// first request that reaches the missing ID.
type IDs struct {
	Package    string   // the declaring package, for the message ("healthcare/enrol")
	Service    string   // the service whose policy declares the rest
	Purposes   []string // purpose IDs
	Items      []string // "purpose/item"
	Rules      []string // "purpose/rule": retention rules
	Scopes     []string // consent scopes: "purpose:P", "optional:P", "sensitive:P", "unique:P", "keep:P", "provision:X"
	Provisions []string // third-party provision IDs
	Roles      []string // staff roles: each must be a role of some purpose
}

// Missing lists what ids names that p does not declare, each as
// "package: kind ID", in the order declared.
func (ids IDs) Missing(p *Policy) []string {
	var out []string
	miss := func(kind, id string) { out = append(out, fmt.Sprintf("%s: %s %q", ids.Package, kind, id)) }
	for _, id := range ids.Purposes {
		if p.Purpose(id) == nil {
			miss("purpose", id)
		}
	}
	for _, ref := range ids.Items {
		purpose, item, _ := strings.Cut(ref, "/")
		pu := p.Purpose(purpose)
		if pu == nil || !slices.ContainsFunc(pu.Items, func(it *Item) bool { return it.ID == item }) {
			miss("item", ref)
		}
	}
	for _, ref := range ids.Rules {
		purpose, rule, _ := strings.Cut(ref, "/")
		if pu := p.Purpose(purpose); pu == nil || pu.Rule(rule) == nil {
			miss("retention rule", ref)
		}
	}
	for _, scope := range ids.Scopes {
		if !scopeDeclared(p, scope) {
			miss("consent scope", scope)
		}
	}
	for _, id := range ids.Provisions {
		if p.Provision(id) == nil {
			miss("provision", id)
		}
	}
	for _, role := range ids.Roles {
		if !slices.ContainsFunc(p.Purposes, func(pu *Purpose) bool { return slices.Contains(pu.Roles, role) }) {
			miss("role", role)
		}
	}
	return out
}

// scopeDeclared: a scope's purpose or provision is declared.
func scopeDeclared(p *Policy, scope string) bool {
	kind, id, _ := strings.Cut(scope, ":")
	switch kind {
	case "provision":
		return p.Provision(id) != nil
	case "purpose", "optional", "sensitive", "unique", "keep":
		return p.Purpose(id) != nil
	}
	return false
}

// CheckIDs checks every package's IDs against its service's policy in force
// at now, and names everything missing in one error. A service reg does
// not declare at all is not run, and its packages' IDs are not checked
// (a server may run some of the services).
func CheckIDs(reg *Registry, now time.Time, all ...IDs) error {
	var missing []string
	for _, ids := range all {
		if len(reg.Declared(ids.Service)) == 0 {
			continue
		}
		p, ok := reg.Current(ids.Service, now)
		if !ok {
			missing = append(missing, fmt.Sprintf("%s: service %q has no policy in force", ids.Package, ids.Service))
			continue
		}
		missing = append(missing, ids.Missing(p)...)
	}
	if len(missing) > 0 {
		return fmt.Errorf("policy: the code names IDs the policy in force does not declare (publish a policy that declares them, or run a binary that matches the policy):\n  %s", strings.Join(missing, "\n  "))
	}
	return nil
}
