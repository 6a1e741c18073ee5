package vault

import (
	"context"
	"slices"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// ActorKind says who acts.
type ActorKind string

// Actor kinds.
const (
	Staff   ActorKind = "staff"   // a staff account acting in a role
	Subject ActorKind = "subject" // the data subject, on their own data
	Device  ActorKind = "device"  // a subject's device, sending data in
	Partner ActorKind = "partner" // a third party receiving a provision
	System  ActorKind = "system"  // a system job (destruction, simulator)
)

// Actor is who asks, in which role, from where.
type Actor struct {
	Kind   ActorKind
	ID     string // opaque: staff account ID, subject ID, device ID, provision ID, job name
	Role   string // staff role; ignored for other kinds
	Source string // IP address or "local"

	// Purpose, when set, is the one purpose a staff member chose to work
	// for (in the console: purpose first): the gate then refuses this actor
	// any other service or purpose, whatever the role may use. Empty leaves
	// the choice to each call (the JSON API, system jobs).
	Purpose Chosen
}

// Chosen is a service's declared purpose a staff member chose to work for.
type Chosen struct{ Service, Purpose string }

// Handler is the actor's ID as the access log records it.
func (a Actor) Handler() string { return string(a.Kind) + ":" + a.ID }

// Action is what is done, as the Safety Measures Standard names it: the
// access log's audit.Action, so that a request and its log entry cannot
// disagree on the set.
type Action = audit.Action

// Actions.
const (
	View     = audit.View
	Change   = audit.Change
	Input    = audit.Input
	Delete   = audit.Delete
	Print    = audit.Print
	Download = audit.Download
)

// Reasons a request is denied; each is its own code in errors and the log.
const (
	ReasonUnknownPurpose    = "unknown_purpose"
	ReasonUndeclaredItem    = "undeclared_item"
	ReasonConsentMissing    = "consent_missing"
	ReasonConsentWithdrawn  = "consent_withdrawn"
	ReasonConsentOutdated   = "consent_outdated"
	ReasonRoleForbidden     = "role_forbidden"
	ReasonSuspended         = "suspended"
	ReasonCorrectionPending = "correction_pending"
	ReasonNotOwner          = "not_owner"
	ReasonNoProvision       = "no_provision"
	ReasonPurposeNotChosen  = "purpose_not_chosen"
)

// Request is one access to personal data: who, in which role, for which
// declared purpose, whose data, which items, what action. Every method of
// the gate that touches a subject's data, its consents or its rights takes
// one; a method uses the fields its documentation names and ignores the
// rest.
type Request struct {
	Actor   Actor
	Service string
	Purpose string
	Subject string // opaque subject ID
	Items   []string
	Action  Action
	Reason  string // why a download or print is done; required for downloads by staff

	// Then, when set, runs in the same transaction after an allowed access,
	// before the commit: the access's consequences that must happen with
	// it or not at all (enqueueing a job, a ledger row keyed by the opaque
	// subject ID). Its error rolls the access back. It never runs on a
	// denial.
	Then func(ctx context.Context, tx store.Querier) error

	keep bool // set by PutRetained: the record is kept past an immediate rule, which needs the keep consent

	signIn bool // set by SignInItems: the one read an outdated consent still allows

	settle bool // set by Correct without values: ending a correction freeze changes no data, so it needs the role, not a consent

	// pol and pu are the service's policy in force and the purpose in it,
	// looked up once per call (Vault.resolve) for every step that follows;
	// nil when the service has no policy in force or the policy no such
	// purpose.
	pol *policy.Policy
	pu  *policy.Purpose
}

// resolve looks up r's policy in force and purpose, once per call: a request
// resolved already is left as it is.
func (v *Vault) resolve(r *Request) {
	if r.pol != nil {
		return
	}
	if p, ok := v.cfg.Policies.Current(r.Service, v.cfg.Clock.Now()); ok {
		r.pol, r.pu = p, p.Purpose(r.Purpose)
	}
}

// consentState is what the ledger says of one consent scope.
type consentState int

const (
	consentNone consentState = iota
	consentGiven
	consentWithdrawn
	consentOutdated
)

// facts are what the decision needs beyond the request and the policy.
type facts struct {
	consent    func(scope string) consentState
	suspended  bool
	correcting []string // items with a correction pending
}

// deny builds the error for a denied request.
func deny(reason, format string, args ...any) *errs.Error {
	e := errs.E(errs.Forbidden, format, args...)
	e.Reason = reason
	return e
}

// decide applies the gate's rules to one request. It is pure: everything it
// needs is in its arguments, so every rule is tested on its own.
// r is resolved (r.pol is set).
func decide(r Request, f facts) error {
	p, pu := r.pol, r.pu
	if pu == nil {
		return deny(ReasonUnknownPurpose, "purpose %q is not declared in %s's policy %s", r.Purpose, p.Service, p.Version)
	}
	for _, id := range r.Items {
		if !slices.ContainsFunc(pu.Items, func(it *policy.Item) bool { return it.ID == id }) {
			return deny(ReasonUndeclaredItem, "item %q is not declared for purpose %q", id, r.Purpose)
		}
	}
	if err := actorMay(p, pu, r); err != nil {
		return err
	}
	if err := consented(pu, r, f); err != nil {
		return err
	}
	return usable(r, f)
}

// actorMay checks that the actor's kind and role may act on this purpose.
func actorMay(p *policy.Policy, pu *policy.Purpose, r Request) error {
	switch r.Actor.Kind {
	case Staff:
		return staffMay(p.Service, pu, r.Actor)
	case Subject:
		if r.Actor.ID != r.Subject {
			return deny(ReasonNotOwner, "a subject acts only on their own data")
		}
	case Device:
		if r.Action != Input || !slices.Contains(pu.Roles, "device") {
			return deny(ReasonRoleForbidden, "a device may only send data in for a purpose that accepts devices")
		}
	case Partner:
		return partnerMay(p, pu, r)
	case System:
	default:
		return deny(ReasonRoleForbidden, "unknown actor kind %q", r.Actor.Kind)
	}
	return nil
}

// staffMay checks that a staff actor's role may use the purpose and, when
// the actor chose a purpose to work for, that it is this one.
func staffMay(service string, pu *policy.Purpose, a Actor) error {
	if !slices.Contains(pu.Roles, a.Role) {
		return deny(ReasonRoleForbidden, "role %q may not use purpose %q", a.Role, pu.ID)
	}
	if c := a.Purpose; c != (Chosen{}) && c != (Chosen{service, pu.ID}) {
		return deny(ReasonPurposeNotChosen, "the staff member chose to work for %s/%s, not %s/%s", c.Service, c.Purpose, service, pu.ID)
	}
	return nil
}

// partnerMay: a partner only views the items of its own provision.
func partnerMay(p *policy.Policy, pu *policy.Purpose, r Request) error {
	pr := p.Provision(r.Actor.ID)
	if pr == nil || r.Action != View {
		return deny(ReasonNoProvision, "no provision %q lets this partner view purpose %q", r.Actor.ID, pu.ID)
	}
	for _, id := range r.Items {
		if !provides(p, pr, pu.ID, id) {
			return deny(ReasonUndeclaredItem, "provision %q does not provide item %q", pr.ID, id)
		}
	}
	return nil
}

func provides(p *policy.Policy, pr *policy.Provision, purpose, item string) bool {
	for _, ref := range pr.Items {
		if it, err := p.LookupItem(ref, pr.SourcePurpose); err == nil && it.ID == item && it.Purpose == purpose {
			return true
		}
	}
	return false
}

// ConsentScopes lists the consents a request needs: the purpose itself, and
// separately its optional, sensitive and unique-identifier items (Act 22-24),
// and, for a partner, the provision (Act 17). Statute-only purposes need none.
func ConsentScopes(pu *policy.Purpose, actor Actor, items []string) []string {
	var scopes []string
	if pu.Basis.Consent {
		scopes = append(scopes, "purpose:"+pu.ID)
		for _, kind := range itemScopes(pu, items) {
			scopes = append(scopes, kind+":"+pu.ID)
		}
	}
	if actor.Kind == Partner {
		scopes = append(scopes, "provision:"+actor.ID)
	}
	return scopes
}

// KeepScope is the consent to keep a purpose's data past a rule that
// destroys it at once unless the subject consents (keep_with_consent):
// the subject's choice of 1 or 3 months is a consent like any other, in
// the ledger with its text, and withdrawing it destroys what it kept.
func KeepScope(purpose string) string { return "keep:" + purpose }

// keeps reports whether a purpose offers keeping with consent.
func keeps(pu *policy.Purpose) bool {
	for _, rr := range pu.Retention {
		if len(rr.KeepWithConsent) > 0 {
			return true
		}
	}
	return false
}

func itemScopes(pu *policy.Purpose, items []string) []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, it := range pu.Items {
		if !slices.Contains(items, it.ID) {
			continue
		}
		if !it.Required {
			add("optional")
		}
		switch it.Class {
		case policy.ClassSensitive:
			add("sensitive")
		case policy.ClassUniqueID:
			add("unique")
		}
	}
	return out
}

func consented(pu *policy.Purpose, r Request, f facts) error {
	if r.Actor.Kind == System && r.Action == Delete {
		return nil // destruction never waits for consent
	}
	if r.settle && len(r.Items) == 0 {
		return nil // a correction request is answered even after the consent ended (Act 36(2): within 10 days)
	}
	scopes := ConsentScopes(pu, r.Actor, r.Items)
	if r.keep {
		scopes = append(scopes, KeepScope(pu.ID))
	}
	for _, scope := range scopes {
		switch f.consent(scope) {
		case consentNone:
			return deny(ReasonConsentMissing, "no consent %s", scope)
		case consentWithdrawn:
			return deny(ReasonConsentWithdrawn, "consent %s was withdrawn", scope)
		case consentOutdated:
			if r.signIn {
				continue // the person signs in to consent again (SignInItems)
			}
			return deny(ReasonConsentOutdated, "consent %s was given to a policy version whose changes it does not cover", scope)
		}
	}
	return nil
}

// usable applies processing suspension and the correction freeze. The
// subject may still see their own data, and destruction still runs.
func usable(r Request, f facts) error {
	if r.Actor.Kind == Subject || (r.Actor.Kind == System && r.Action == Delete) {
		return nil
	}
	if f.suspended {
		return deny(ReasonSuspended, "processing of purpose %q is suspended for this subject", r.Purpose)
	}
	for _, id := range r.Items {
		if slices.Contains(f.correcting, id) {
			return deny(ReasonCorrectionPending, "item %q has a correction pending: it is neither used nor provided", id)
		}
	}
	return nil
}
