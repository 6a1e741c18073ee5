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
// token can sync at once. The demo member of Bokjiro gets a password for
// the login ID (아이디) seeded with them.
func seedParticipantLogin(ctx context.Context, d Deps, c *Credentials) error {
	if d.Accounts == nil || d.Devices == nil {
		return nil
	}
	if err := seedMemberLogin(ctx, d, c); err != nil {
		return err
	}
	p, err := seedLogin(ctx, d, c, participantLabel, participantLogin, func(s *seeding, hash string) {
		s.consent("purpose:watch-delivery")
		s.put("enrolment", "enrolment", map[string]string{"account": participantLogin, "password": hash, "ci": participantCI, "system_id": "P000000000001"})
		s.index("enrolment", "account", vault.IndexLogin, participantLogin)
		s.put("duplicate-prevention", "duplicate-prevention", map[string]string{"account": participantLogin, "ci": participantCI})
		s.index("duplicate-prevention", "ci", vault.IndexCI, participantCI)
		s.put("watch-delivery", "delivery", map[string]string{"delivery_address": "서울특별시 종로구 가상로 0000", "delivery_contact": "010-0000-0001"})
	})
	if p == nil || err != nil {
		return err
	}
	dev, token, err := d.Devices.Link(ctx, p.Subject, "127.0.0.1")
	if err != nil {
		return err
	}
	p.DeviceID, p.DeviceToken = dev.ID, token
	return seedWatchData(ctx, d, p.Subject, dev.ID)
}

// memberLogin is the login ID demoPeople seeds member 1 with.
const memberLogin = "demo_member1"

// seedMemberLogin stores a password for Bokjiro's member 1 and indexes
// their login ID, as sign-up does.
func seedMemberLogin(ctx context.Context, d Deps, c *Credentials) error {
	_, err := seedLogin(ctx, d, c, "member 1", memberLogin, func(s *seeding, hash string) {
		s.put("membership", "membership", map[string]string{"password": hash})
		s.index("membership", "user_id", vault.IndexLogin, memberLogin)
	})
	return err
}

// seedLogin gives the demo citizen labelled label a new password and the
// login ID login: records stores what sign-up would (given the password's
// hash). A citizen the demo does not have is nil, and seeds nothing.
func seedLogin(ctx context.Context, d Deps, c *Credentials, label, login string, records func(s *seeding, hash string)) (*Citizen, error) {
	i := participant(c, label)
	if i < 0 {
		return nil, nil
	}
	p := &c.Citizens[i]
	pw, hash, err := newPassword(ctx, d)
	if err != nil {
		return nil, err
	}
	s := newSeeding(ctx, d.Vault, p)
	records(s, hash)
	if s.err != nil {
		return nil, s.err
	}
	p.Login, p.Password = login, pw
	return p, nil
}

func newPassword(ctx context.Context, d Deps) (pw, hash string, err error) {
	if pw, err = demoPassword(); err != nil {
		return "", "", err
	}
	hash, err = d.Accounts.HashPassword(ctx, pw)
	return pw, hash, err
}

func participant(c *Credentials, label string) int {
	for i, p := range c.Citizens {
		if p.Label == label {
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
	v                *vault.Vault
	ctx              context.Context
	service, subject string
	self             vault.Actor
	err              error
}

func newSeeding(ctx context.Context, v *vault.Vault, p *Citizen) *seeding {
	return &seeding{v: v, ctx: ctx, service: p.Service, subject: p.Subject, self: vault.Actor{Kind: vault.Subject, ID: p.Subject, Source: "127.0.0.1"}}
}

func (s *seeding) consent(scope string) {
	if s.err == nil {
		_, s.err = s.v.Give(s.ctx, vault.Request{Actor: s.self, Service: s.service, Subject: s.subject}, vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "데모 동의: " + scope})
	}
}

func (s *seeding) req(purpose string) vault.Request {
	return vault.Request{Actor: s.self, Service: s.service, Purpose: purpose, Subject: s.subject, Action: vault.Input}
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
