package enrol

import (
	"context"
	"slices"

	"jikimi/vault"
)

// Enrolled is a new participant: opaque IDs only.
type Enrolled struct {
	Subject  string `json:"subject"`
	SystemID string `json:"system_id"` // 시스템고유번호
}

// Enrol checks the form, the identity verification it names and that
// neither the person (CI) nor the login ID is enrolled already, then
// records the participant: the consents given, the account and its
// details, the CI for duplicate prevention, the delivery details, and the
// city-information items when that optional consent is given. Every check
// comes before the first write; a write that fails shreds the rest.
// source is the request's address, for the access log.
func (s *Service) Enrol(ctx context.Context, a Application, source string) (Enrolled, error) {
	c, err := s.check(a)
	if err != nil {
		return Enrolled{}, err
	}
	hash, err := s.cfg.Accounts.HashPassword(ctx, a.Password)
	if err != nil {
		return Enrolled{}, err
	}
	ci, err := s.verified(ctx, c)
	if err != nil {
		return Enrolled{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.unique(ctx, ci, c.login, source); err != nil {
		return Enrolled{}, err
	}
	if s.checked != nil {
		s.checked()
	}
	return s.record(ctx, c, hash, ci, source)
}

// record writes a checked participant, undoing on failure.
func (s *Service) record(ctx context.Context, c *checked, hash, ci, source string) (Enrolled, error) {
	sysID, err := s.systemID()
	if err != nil {
		return Enrolled{}, err
	}
	subject, err := s.cfg.Vault.NewSubject(ctx, vault.Request{Actor: system(source), Service: ServiceName})
	if err != nil {
		return Enrolled{}, err
	}
	w := writer{s: s, ctx: ctx, subject: subject, self: vault.Actor{Kind: vault.Subject, ID: subject, Source: source}}
	w.consents(c.Consents)
	w.put(PurposeEnrolment, "enrolment", map[string]string{
		"account": c.login, "password": hash, "name": c.Name, "birth_date": c.BirthDate, "sex": c.Sex,
		"mobile": c.mobile, "residence": c.district, "ci": ci, "system_id": sysID,
	})
	w.index(PurposeEnrolment, "account", vault.IndexLogin, c.login)
	w.put(PurposeDuplicate, "duplicate-prevention", map[string]string{"account": c.login, "ci": ci})
	w.index(PurposeDuplicate, "ci", vault.IndexCI, ci)
	w.put(PurposeDelivery, "delivery", map[string]string{"delivery_address": c.DeliveryAddress, "delivery_contact": c.contact})
	if slices.Contains(c.Consents, "purpose:"+PurposeCityInfo) {
		city := map[string]string{"sex": c.Sex, "birth_date": c.BirthDate, "residence": c.district}
		if s.declares(PurposeCityInfo, "mobile") { // the number city information is sent to (2026-12-07 on)
			city["mobile"] = c.mobile
		}
		w.put(PurposeCityInfo, "city-info", city)
	}
	if w.err == nil {
		w.err = s.alone(ctx, subject, ci, c.login, source)
	}
	if w.err != nil {
		s.undo(subject, source)
		return Enrolled{}, w.err
	}
	return Enrolled{Subject: subject, SystemID: sysID}, nil
}

// undo shreds a participant whose enrolment failed half-way.
func (s *Service) undo(subject, source string) {
	s.cfg.Vault.ShredSubject(context.Background(), vault.Request{Actor: system(source), Service: ServiceName, Subject: subject})
}

// writer writes a participant's records, stopping at the first error.
type writer struct {
	s       *Service
	ctx     context.Context
	subject string
	self    vault.Actor
	err     error
}

func (w *writer) consents(scopes []string) {
	form, err := w.s.Form()
	if err != nil {
		w.err = err
		return
	}
	for _, f := range form {
		if w.err != nil || !slices.Contains(scopes, f.Scope) {
			continue
		}
		_, w.err = w.s.cfg.Vault.Give(w.ctx, vault.Request{Actor: w.self, Service: ServiceName, Subject: w.subject}, vault.Consent{Scope: f.Scope, Channel: vault.ChannelWeb, Text: f.Text})
	}
}

func (w *writer) req(purpose string) vault.Request {
	return vault.Request{Actor: w.self, Service: ServiceName, Purpose: purpose, Subject: w.subject, Action: vault.Input}
}

func (w *writer) put(purpose, rule string, values map[string]string) {
	if w.err == nil {
		_, w.err = w.s.cfg.Vault.Put(w.ctx, w.req(purpose), rule, values)
	}
}

func (w *writer) index(purpose, item, kind, value string) {
	if w.err == nil {
		r := w.req(purpose)
		r.Items = []string{item}
		w.err = w.s.cfg.Vault.Index(w.ctx, r, kind, value)
	}
}
