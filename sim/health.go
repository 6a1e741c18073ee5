package sim

import (
	"context"

	"jikimi/vault"
)

// participant is a person in 손목닥터 9988.
type participant struct {
	*member
	linked, withdrawn bool
	lastSync          int
}

const healthcare = "seoul-healthcare"

// enrol joins the programme: the application, the delivery address of the
// watch, the CI kept against duplicate enrolment and, optionally, 시정정보.
func (s *sim) enrol(ctx context.Context) (*participant, error) {
	m, err := s.join(ctx, healthcare)
	if err != nil {
		return nil, err
	}
	steps := []step{
		{"enrolment", "enrolment", []string{"account", "name", "birth_date", "sex", "mobile", "residence", "ci"}},
		{"watch-delivery", "delivery", []string{"delivery_address", "delivery_contact"}},
		{"duplicate-prevention", "duplicate-prevention", []string{"account", "ci"}},
	}
	if s.chance(s.p.CityInfo) {
		steps = append(steps, step{"city-info", "city-info", []string{"sex", "birth_date", "residence"}})
	}
	if err := s.puts(ctx, m, steps); err != nil {
		return nil, err
	}
	return &participant{member: m}, nil
}

// healthDay: the watch is linked, the app syncs, the participant leaves.
func (s *sim) healthDay(ctx context.Context, p *participant, d int) error {
	switch {
	case p.withdrawn:
		return nil
	case !p.linked:
		if !s.chance(s.p.LinkWatch) {
			return nil
		}
		p.linked, p.lastSync = true, d
		return s.event(ctx, p.member, operator, "watch-delivery", "", "watch_linked")
	case s.chance(s.p.WithdrawHealth):
		p.withdrawn = true
		return s.event(ctx, p.member, p.self, "", "", "withdrawal")
	case s.chance(s.p.Sync):
		return s.sync(ctx, p, d)
	case s.chance(s.p.Convert):
		return s.convert(ctx, p)
	}
	return nil
}

// shinhan is the card company that converts points into 서울페이 (제5조).
var shinhan = vault.Actor{Kind: vault.Partner, ID: "shinhan-card", Source: "127.0.0.1"}

// convert turns earned points into 서울페이: the participant consents to
// the provision, and the card company views the CI through the gate. It
// stores nothing, so no rule counts it; an enrolment past its two years is
// simply not found.
func (s *sim) convert(ctx context.Context, p *participant) error {
	if err := s.give(ctx, p.member, "provision:shinhan-card"); err != nil {
		return err
	}
	req := vault.Request{Actor: shinhan, Service: healthcare, Purpose: "enrolment", Subject: p.subject, Items: []string{"ci"}, Action: vault.View}
	_, err := s.cfg.Vault.List(ctx, req)
	return err
}

// sync sends a summary of each week since the last sync, at most eight.
func (s *sim) sync(ctx context.Context, p *participant, d int) error {
	n := min(max((d-p.lastSync)/7, 1), 8)
	p.lastSync = d
	days := make([]map[string]string, n)
	for i := range days {
		days[i] = synthetic("steps", "heart_rate", "sleep")
	}
	_, err := s.put(ctx, p.member, "health-service", vault.Retain{Rule: "service"}, days...)
	return err
}
