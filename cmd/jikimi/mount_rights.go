package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"jikimi/healthcare/enrol"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/pointsvc"
	"jikimi/jobs"
	"jikimi/partners/bodyinfo"
	"jikimi/partners/identity"
	"jikimi/partners/maeum"
	"jikimi/partners/notify"
	"jikimi/policy"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/members"
)

// mountRights: data-subject rights for every service: the citizens'
// requests and me/data, the privacy officer's queue and actions, hourly
// the rights clock (escalation, missed deadlines, reconsent and usage
// notices, each once), and the notices' delivery as jobs.
func mountRights(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	s, err := rightsService(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	jobs.Handle(sys.jobs, s.Deliver)
	jobs.Handle(sys.jobs, s.TellRecipient)
	sys.jobs.Every("rights.daily", time.Hour, func(ctx context.Context, _ time.Time) error {
		res, err := s.Daily(ctx)
		if len(res.Escalated)+len(res.Missed) > 0 {
			sys.logger.Warn("rights: requests escalated to the privacy officer", "escalated", len(res.Escalated), "missed", len(res.Missed))
		}
		return err
	})
	h := &rights.HTTP{Rights: s, Officer: officerOf(sys),
		Citizen: func(r *http.Request) (vault.Actor, string, error) {
			a, sess, err := sys.citizens.Actor(r)
			return a, sess.Service, err
		}}
	return h.Mount(), nil
}

// rightsService wires the rights requests to the gate, the access log, the
// identity connector (a proxy's identity is verified through it), 복지로
// membership (a legal representative's standing), the notification
// gateways (notices go out by text and e-mail) and the provisions'
// recipients (correction notices); without conn (the officer's console,
// which files nothing) none of these is wired.
func rightsService(sys *app, conn *connectors) (*rights.Service, error) {
	cfg := rights.Config{Vault: sys.vault, History: sys.log, SQL: sys.st.SQL(), Policies: sys.policies, Clock: sys.clk,
		FHIR: map[string]rights.FHIRExporter{ingest.Service: healthcareFHIR}, Jobs: sys.jobs, Contacts: noticeContacts}
	if conn == nil {
		return rights.New(cfg)
	}
	id, err := identityConnector(sys, conn)
	if err != nil {
		return nil, err
	}
	cfg.Identities = proxyIdentities{id}
	b, err := sys.bokjiroShared(conn)
	if err != nil {
		return nil, err
	}
	cfg.Guardians = b.members // 복지로's under-14 members and their representatives
	hp, err := sys.healthcarePoints(conn)
	if err != nil {
		return nil, err
	}
	cfg.Ledgers = map[string]rights.LedgerReader{ingest.Service: pointsLedger(hp.svc)}
	cfg.Recipients = map[string]rights.CorrectionRecipient{
		"korea-body-info": bodyinfo.HTTP{Client: hp.clients["korea-body-info"]},
		"maeum-suup":      maeum.HTTP{Client: hp.clients["maeum-suup"]},
	}
	if cfg.SMS, err = gateway(sys, conn, notify.SMS); err != nil {
		return nil, err
	}
	if cfg.Email, err = gateway(sys, conn, notify.Email); err != nil {
		return nil, err
	}
	return rights.New(cfg)
}

// noticeContacts: a rights notice reaches a participant at the mobile
// number given at enrolment, a 복지로 member at the mobile number and
// e-mail address of their membership.
var noticeContacts = map[string]rights.Contact{
	ingest.Service:      {Name: "손목닥터 9988", Purpose: enrol.PurposeEnrolment, Mobile: "mobile"},
	members.ServiceName: {Name: "복지로", Purpose: members.PurposeMember, Mobile: "mobile", Email: "email"},
}

// noticeContactIDs are the policy IDs noticeContacts and the correction
// recipients name, checked at start-up with every package's.
var noticeContactIDs = []policy.IDs{
	{Package: "cmd/jikimi (rights notices)", Service: ingest.Service, Items: []string{enrol.PurposeEnrolment + "/mobile"},
		Provisions: []string{"korea-body-info", "maeum-suup"}},
	{Package: "cmd/jikimi (rights notices)", Service: members.ServiceName, Items: []string{members.PurposeMember + "/mobile", members.PurposeMember + "/email"}},
}

// healthcareFHIR is 손목닥터 9988's FHIR export: the health records as
// Observations, and a Patient with the enrolment items the participant
// chose to include.
func healthcareFHIR(subject string, d *vault.Disclosure, include []string, now time.Time) ([]byte, error) {
	p := ingest.Patient{ID: subject}
	for _, rec := range d.Records {
		if rec.Purpose != "enrolment" {
			continue
		}
		for _, it := range include {
			v := rec.Values[it]
			switch it {
			case "name":
				p.Name = v
			case "birth_date":
				p.BirthDate = v
			case "sex":
				p.Sex = v
			case "mobile":
				p.Mobile = v
			}
		}
	}
	return ingest.ExportFHIR(p, d.Records, now)
}

// pointsLedger is a participant's points, for the access answer: the
// balance and every ledger entry, newest first.
func pointsLedger(p *pointsvc.Service) rights.LedgerReader {
	return func(ctx context.Context, subject string) ([]rights.Ledger, error) {
		bal, err := p.Balance(ctx, subject)
		if err != nil {
			return nil, err
		}
		l := rights.Ledger{Purpose: "health-service", Name: "포인트 내역"}
		for before := int64(0); ; {
			es, next, err := p.History(ctx, subject, before, pointsvc.MaxHistory)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				l.Rows = append(l.Rows, rights.LedgerRow{At: e.At, Label: e.Kind + " " + e.Day, Value: strconv.FormatInt(e.Points, 10)})
			}
			if next == 0 || len(es) == 0 {
				break
			}
			before = next
		}
		if len(l.Rows) == 0 {
			return nil, nil // no points ever: nothing held
		}
		l.Rows = append([]rights.LedgerRow{{At: l.Rows[0].At, Label: "잔액", Value: strconv.FormatInt(bal, 10)}}, l.Rows...)
		return []rights.Ledger{l}, nil
	}
}

// proxyIdentities confirms a proxy's identity verification; the request
// keeps only the verification's opaque ID.
type proxyIdentities struct{ v identity.Verifier }

func (p proxyIdentities) Verified(ctx context.Context, id string) (string, error) {
	if _, err := p.v.Result(ctx, id); err != nil {
		return "", err
	}
	return id, nil
}

// officerOf: a staff session holding the privacy officer's role.
func officerOf(sys *app) func(*http.Request) (vault.Actor, error) {
	return func(r *http.Request) (vault.Actor, error) {
		a, _, err := sys.staff.Actor(r, staff.PrivacyOfficer)
		return a, err
	}
}
