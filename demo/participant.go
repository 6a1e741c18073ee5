package demo

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"

	"jikimi/vault"
)

// The demo participant's login: synthetic like everything here (the CI is
// zeros, the system ID all but one digit zeros).
const (
	participantLabel = "participant 1"
	participantLogin = "demo_participant1"
	participantCI    = "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
)

// seedParticipantLogin gives the first demo participant what enrolment
// gives every participant — a login and password, the CI kept for
// duplicate prevention, a system ID, the watch-delivery details — and then
// links their watch (which destroys the delivery details) so its device
// token can sync at once.
func seedParticipantLogin(ctx context.Context, d Deps, c *Credentials) error {
	if d.Accounts == nil || d.Devices == nil {
		return nil
	}
	i := participant(c)
	if i < 0 {
		return nil
	}
	p := &c.Citizens[i]
	pw, err := demoPassword()
	if err != nil {
		return err
	}
	hash, err := d.Accounts.HashPassword(ctx, pw)
	if err != nil {
		return err
	}
	s := seeding{v: d.Vault, ctx: ctx, subject: p.Subject, self: vault.Actor{Kind: vault.Subject, ID: p.Subject, Source: "127.0.0.1"}}
	s.consent("purpose:watch-delivery")
	s.put("enrolment", "enrolment", map[string]string{"account": participantLogin, "password": hash, "ci": participantCI, "system_id": "P000000000001"})
	s.index("enrolment", "account", vault.IndexLogin, participantLogin)
	s.put("duplicate-prevention", "duplicate-prevention", map[string]string{"account": participantLogin, "ci": participantCI})
	s.index("duplicate-prevention", "ci", vault.IndexCI, participantCI)
	s.put("watch-delivery", "delivery", map[string]string{"delivery_address": "서울특별시 종로구 가상로 0000", "delivery_contact": "010-0000-0001"})
	if s.err != nil {
		return s.err
	}
	dev, token, err := d.Devices.Link(ctx, p.Subject, "127.0.0.1")
	if err != nil {
		return err
	}
	p.Login, p.Password, p.DeviceID, p.DeviceToken = participantLogin, pw, dev.ID, token
	return nil
}

func participant(c *Credentials) int {
	for i, p := range c.Citizens {
		if p.Label == participantLabel {
			return i
		}
	}
	return -1
}

// demoPassword is random, so a demo left running is no open door.
func demoPassword() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "Demo-" + strings.ToLower(base32.StdEncoding.EncodeToString(b)) + "-9", nil
}

// seeding writes one subject's records, stopping at the first error.
type seeding struct {
	v       *vault.Vault
	ctx     context.Context
	subject string
	self    vault.Actor
	err     error
}

func (s *seeding) consent(scope string) {
	if s.err == nil {
		_, s.err = s.v.Give(s.ctx, s.self, vault.Consent{Subject: s.subject, Service: "seoul-healthcare", Scope: scope, Channel: vault.ChannelWeb, Text: "데모 동의: " + scope})
	}
}

func (s *seeding) req(purpose string) vault.Request {
	return vault.Request{Actor: s.self, Service: "seoul-healthcare", Purpose: purpose, Subject: s.subject, Action: vault.Input}
}

func (s *seeding) put(purpose, rule string, values map[string]string) {
	if s.err == nil {
		_, s.err = s.v.Put(s.ctx, s.req(purpose), rule, values)
	}
}

func (s *seeding) index(purpose, item, kind, value string) {
	if s.err == nil {
		r := s.req(purpose)
		r.Items = []string{item}
		s.err = s.v.Index(s.ctx, r, kind, value)
	}
}
