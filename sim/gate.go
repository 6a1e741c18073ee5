package sim

import (
	"context"
	"maps"
	"slices"
	"time"

	"jikimi/policy"
	"jikimi/vault"
)

// member is a person's subject in one service.
type member struct {
	service, subject string
	self             vault.Actor
	consented        map[string]bool
	waiting          map[string][]*rec // purpose -> records whose rule waits for an event
	held             map[string]*rec   // record ID -> the simulator's account, while the gate holds it
	keep             policy.Period     // the keep period the member consented to for the search in progress
}

var (
	system   = vault.Actor{Kind: vault.System, ID: "sim", Source: "127.0.0.1"}
	operator = vault.Actor{Kind: vault.Staff, ID: "stf_sim_operator", Role: "health-operator", Source: "127.0.0.1"}
	worker   = vault.Actor{Kind: vault.Staff, ID: "stf_sim_caseworker", Role: "caseworker", Source: "127.0.0.1"}
)

// join registers a subject of the service directly through the gate.
func (s *sim) join(ctx context.Context, service string) (*member, error) {
	id, err := s.cfg.Vault.NewSubject(ctx, vault.Request{Actor: system, Service: service})
	if err != nil {
		return nil, err
	}
	return newMember(service, id), nil
}

// newMember is the simulator's account of a subject a service (or the
// simulator) registered.
func newMember(service, subject string) *member {
	return &member{service: service, subject: subject, self: vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"},
		consented: map[string]bool{}, waiting: map[string][]*rec{}, held: map[string]*rec{}}
}

// synthetic values for the given items.
func synthetic(items ...string) map[string]string {
	v := make(map[string]string, len(items))
	for _, it := range items {
		v[it] = "SIM-" + it
	}
	return v
}

// put stores records of a member for a purpose under rule k, giving first
// the consents the gate asks for them. Several values are one batch.
func (s *sim) put(ctx context.Context, m *member, purpose string, k vault.Retain, values ...map[string]string) ([]*rec, error) {
	if len(values) == 1 {
		id, err := s.putOne(ctx, m, purpose, k, values[0])
		return []*rec{s.recs[id]}, err
	}
	if err := s.consent(ctx, m, purpose, slices.Sorted(maps.Keys(values[0]))); err != nil {
		return nil, err
	}
	req := vault.Request{Actor: m.self, Service: m.service, Purpose: purpose, Subject: m.subject, Action: vault.Input}
	ids, err := s.cfg.Vault.PutMany(ctx, req, k.Rule, values)
	if err != nil {
		return nil, err
	}
	return s.track(m, purpose, k, ids, true), nil
}

// putOne stores one record and returns its ID.
func (s *sim) putOne(ctx context.Context, m *member, purpose string, k vault.Retain, values map[string]string) (string, error) {
	if err := s.consent(ctx, m, purpose, slices.Sorted(maps.Keys(values))); err != nil {
		return "", err
	}
	req := vault.Request{Actor: m.self, Service: m.service, Purpose: purpose, Subject: m.subject, Action: vault.Input}
	id, err := s.cfg.Vault.PutRetained(ctx, req, k, values)
	if err != nil {
		return "", err
	}
	s.track(m, purpose, k, []string{id}, true)
	return id, nil
}

// track starts the simulator's account of stored records; direct: stored
// by the simulator through the gate, not by a service.
func (s *sim) track(m *member, purpose string, k vault.Retain, ids []string, direct bool) []*rec {
	ri := s.rules[ruleKey{m.service, purpose, k.Rule}]
	ri.direct = ri.direct || direct
	out := make([]*rec, len(ids))
	for i, id := range ids {
		r := &rec{rule: ri, created: s.now(), caseID: k.Case}
		if waitsFor(ri.r) == "" || sooner(ri.r) {
			r.due = firstDue(ri.r, r.created, k.Keep)
		}
		if waitsFor(ri.r) != "" {
			m.waiting[purpose] = append(m.waiting[purpose], r)
		}
		ri.records = append(ri.records, r)
		s.recs[id] = r
		m.held[id] = r
		out[i] = r
	}
	return out
}

// consent gives the consents a subject's input of these items needs.
func (s *sim) consent(ctx context.Context, m *member, purpose string, items []string) error {
	p, _ := s.cfg.Policies.Current(m.service, s.now())
	for _, scope := range vault.ConsentScopes(p.Purpose(purpose), m.self, items) {
		if err := s.give(ctx, m, scope); err != nil {
			return err
		}
	}
	return nil
}

// give records the member's consent to scope, once.
func (s *sim) give(ctx context.Context, m *member, scope string) error {
	if m.consented[scope] {
		return nil
	}
	c := vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "시뮬레이션 동의: " + scope}
	if _, err := s.cfg.Vault.Give(ctx, vault.Request{Actor: m.self, Service: m.service, Subject: m.subject}, c); err != nil {
		return err
	}
	m.consented[scope] = true
	return nil
}

// event records a retention event of a member's purpose (and case)
// directly through the gate, and dates in the simulator's account the
// records that waited for it; their rules are marked direct.
func (s *sim) event(ctx context.Context, m *member, actor vault.Actor, purpose, caseID, event string) error {
	e := vault.RetentionEvent{Case: caseID, Event: event, At: s.now()}
	if _, err := s.cfg.Vault.Event(ctx, vault.Request{Actor: actor, Service: m.service, Purpose: purpose, Subject: m.subject}, e); err != nil {
		return err
	}
	for _, r := range s.happened(m, purpose, caseID, event) {
		r.rule.direct = true
	}
	return nil
}

// happened dates, in the simulator's account, the member's records of
// purpose ("": every purpose) and case that waited for event, which
// happened now (through a service, or directly), and returns them.
func (s *sim) happened(m *member, purpose, caseID, event string) []*rec {
	var dated []*rec
	for pu := range m.waiting {
		if purpose == "" || pu == purpose {
			var d []*rec
			m.waiting[pu], d = dateWaiting(m.waiting[pu], caseID, event, s.now())
			dated = append(dated, d...)
		}
	}
	return dated
}

// dateWaiting dates the records that waited for event (of the case, when
// one is named) and returns those still waiting and those dated.
func dateWaiting(recs []*rec, caseID, event string, at time.Time) (still, dated []*rec) {
	still = recs[:0]
	for _, r := range recs {
		if waitsFor(r.rule.r) != event || (caseID != "" && r.caseID != caseID) {
			still = append(still, r)
			continue
		}
		if !sooner(r.rule.r) {
			r.due = firstDue(r.rule.r, at, policy.Period{})
		} else if at.Before(r.due) {
			r.due = at
		}
		dated = append(dated, r)
	}
	return still, dated
}

// step is one record a member's action stores.
type step struct {
	purpose, rule string
	items         []string
}

func (s *sim) puts(ctx context.Context, m *member, steps []step) error {
	for _, st := range steps {
		if _, err := s.put(ctx, m, st.purpose, vault.Retain{Rule: st.rule}, synthetic(st.items...)); err != nil {
			return err
		}
	}
	return nil
}
