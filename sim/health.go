package sim

import (
	"context"
	"fmt"

	"jikimi/healthcare/enrol"
	"jikimi/healthcare/pointsvc"
	"jikimi/partners/identity"
	"jikimi/vault"
)

// participant is a person in 손목닥터 9988.
type participant struct {
	*member
	linked, withdrawn bool
	lastSync          int
	device            string // the linked watch's opaque ID, when linked through the registry
}

const healthcare = "seoul-healthcare"

// enrol joins the programme: the application, the delivery address of the
// watch, the CI kept against duplicate enrolment and, optionally, 시정정보.
func (s *sim) enrol(ctx context.Context) (*participant, error) {
	cityInfo := s.chance(s.p.CityInfo)
	if s.cfg.Services.Enrol != nil {
		return s.enrolService(ctx, cityInfo)
	}
	m, err := s.join(ctx, healthcare)
	if err != nil {
		return nil, err
	}
	steps := []step{
		{"enrolment", "enrolment", []string{"account", "name", "birth_date", "sex", "mobile", "residence", "ci"}},
		{"watch-delivery", "delivery", []string{"delivery_address", "delivery_contact"}},
		{"duplicate-prevention", "duplicate-prevention", []string{"account", "ci"}},
	}
	if cityInfo {
		steps = append(steps, step{"city-info", "city-info", []string{"sex", "birth_date", "residence"}})
	}
	if err := s.puts(ctx, m, steps); err != nil {
		return nil, err
	}
	return &participant{member: m}, nil
}

// enrolService enrols through the service: the identity verification on
// the verification service's simulator, then the form with its consents.
func (s *sim) enrolService(ctx context.Context, cityInfo bool) (*participant, error) {
	svc := s.cfg.Services.Enrol
	form, err := svc.Form()
	if err != nil {
		return nil, err
	}
	a := s.healthApplication()
	for _, c := range form {
		if c.Required || cityInfo {
			a.Consents = append(a.Consents, c.Scope)
		}
	}
	a.Verification, err = svc.StartVerification(ctx, "sim-"+a.Login, identityClaim(a))
	if err != nil {
		return nil, err
	}
	e, err := svc.Enrol(ctx, a, source)
	if err != nil {
		return nil, fmt.Errorf("enrol: %w", err)
	}
	m := newMember(healthcare, e.Subject)
	for _, scope := range a.Consents {
		m.consented[scope] = true // given by the service; a direct driver must not give them twice
	}
	return &participant{member: m}, s.learn(ctx, m)
}

// healthApplication is the next synthetic person's enrolment form (가상
// names, numbers of zeros, a district of Seoul).
func (s *sim) healthApplication() enrol.Application {
	s.persons++
	n := s.persons
	mobile := fmt.Sprintf("010-00%02d-%04d", n/10000, n%10000)
	return enrol.Application{Login: fmt.Sprintf("sim_user%d", n), Password: simPassword,
		Name: fmt.Sprintf("김가상%d", n), BirthDate: "1960-01-01", Sex: "F", Mobile: mobile,
		District: "서울특별시 종로구", SeoulTie: enrol.TieResidence,
		DeliveryAddress: "서울특별시 종로구 가상로 0000", DeliveryContact: mobile}
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
		return s.linkWatch(ctx, p)
	case s.chance(s.p.WithdrawHealth):
		p.withdrawn = true
		return s.withdrawHealth(ctx, p)
	case s.chance(s.p.Sync):
		return s.sync(ctx, p, d)
	case s.chance(s.p.Convert):
		return s.convert(ctx, p)
	}
	return nil
}

// linkWatch: the delivered watch is linked, which ends the delivery data's
// purpose (watch_linked).
func (s *sim) linkWatch(ctx context.Context, p *participant) error {
	if s.cfg.Services.Devices == nil {
		return s.event(ctx, p.member, operator, "watch-delivery", "", "watch_linked")
	}
	dev, _, err := s.cfg.Services.Devices.Link(ctx, p.subject, source)
	if err != nil {
		return fmt.Errorf("link watch: %w", err)
	}
	p.device = dev.ID
	s.happened(p.member, "watch-delivery", "", "watch_linked")
	return s.learn(ctx, p.member)
}

// withdrawHealth: the participant leaves the programme.
func (s *sim) withdrawHealth(ctx context.Context, p *participant) error {
	if s.cfg.Services.Enrol == nil {
		return s.event(ctx, p.member, p.self, "", "", "withdrawal")
	}
	if err := s.cfg.Services.Enrol.Withdraw(ctx, p.subject, source); err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	s.happened(p.member, "", "", "withdrawal")
	return s.learn(ctx, p.member)
}

// shinhan is the card company that converts points into 서울페이 (제5조).
var shinhan = vault.Actor{Kind: vault.Partner, ID: "shinhan-card", Source: "127.0.0.1"}

// convert turns earned points into 서울페이: the participant consents to
// the provision, and the card company views the CI through the gate. It
// stores nothing, so no rule counts it; an enrolment past its two years is
// simply not found.
func (s *sim) convert(ctx context.Context, p *participant) error {
	if s.cfg.Services.Points != nil && s.cfg.Services.Provisions != nil {
		return s.convertService(ctx, p)
	}
	if err := s.give(ctx, p.member, "provision:shinhan-card"); err != nil {
		return err
	}
	req := vault.Request{Actor: shinhan, Service: healthcare, Purpose: "enrolment", Subject: p.subject, Items: []string{"ci"}, Action: vault.View}
	_, err := s.cfg.Vault.List(ctx, req)
	return err
}

// convertService converts the whole balance through the points ledger,
// after the participant's consent to the card company's provision; the
// card company is called by the conversion outbox, drained on the
// simulated clock. It stores no personal data.
func (s *sim) convertService(ctx context.Context, p *participant) error {
	scope := "provision:" + pointsvc.CardProvision
	if !p.consented[scope] {
		if err := s.cfg.Services.Provisions.Give(ctx, p.self, p.subject, pointsvc.CardProvision, vault.ChannelWeb); err != nil {
			return fmt.Errorf("card provision consent: %w", err)
		}
		p.consented[scope] = true
	}
	bal, err := s.cfg.Services.Points.Balance(ctx, p.subject)
	if err != nil || bal < 1 {
		return err
	}
	if _, err := s.cfg.Services.Points.Convert(ctx, p.self, p.subject, min(bal, pointsvc.MaxConversion)); err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	return nil
}

// sync sends a summary of each week since the last sync, at most eight:
// through the ingestion service, from the linked watch, when both are
// wired.
func (s *sim) sync(ctx context.Context, p *participant, d int) error {
	n := min(max((d-p.lastSync)/7, 1), 8)
	p.lastSync = d
	if s.cfg.Services.Ingest != nil && p.device != "" {
		return s.syncService(ctx, p, n)
	}
	days := make([]map[string]string, n)
	for i := range days {
		days[i] = synthetic("steps", "heart_rate", "sleep")
	}
	_, err := s.put(ctx, p.member, "health-service", vault.Retain{Rule: "service"}, days...)
	return err
}

func identityClaim(a enrol.Application) identity.Claim {
	return identity.Claim{Name: a.Name, BirthDate: a.BirthDate, Sex: a.Sex, Mobile: a.Mobile}
}
