package stats

import (
	"context"
	"slices"
	"strings"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// Gate is what the extraction needs of the vault.
type Gate interface {
	Subjects(ctx context.Context, service, after string, limit int) ([]string, error)
	List(ctx context.Context, r vault.Request) ([]*vault.Record, error)
	Pseudonymiser(ctx context.Context, r vault.Request) (*vault.Pseudonymiser, error)
}

// Extractor builds the pseudonymised dataset.
type Extractor struct {
	Gate    Gate
	Service string
	Clock   clock.Clock
}

// RoleStatistician is the staff role that may extract and read statistics.
const RoleStatistician = "statistician"

// pseudonymiser is the actor that reads the three enrolment items the
// tables are broken down by. The policy gives the statistician the
// health-service purpose only (제1조 2: 사업의 효과평가, 통계분석), not
// enrolment, whose other items (name, mobile, CI) a statistician must never
// see; so the generalising step reads birth date, sex and residence as a
// system job, on the statistician's request, and only their generalised
// forms leave it. Each such read is in the access log under this name.
const pseudonymiser = "stats-pseudonymiser"

const subjectPage = 500

// Extract reads every participant through the gate and returns the
// pseudonymised dataset. Only a role the policy lets pseudonymise may ask
// (the gate decides); the health items are
// read in the statistician's own role, so the gate's decision (role,
// consent, suspension) applies to each participant, and one it refuses
// contributes nothing of that purpose.
func (x *Extractor) Extract(ctx context.Context, by vault.Actor) (*Dataset, error) {
	ps, err := x.Gate.Pseudonymiser(ctx, vault.Request{Actor: by, Service: x.Service})
	if err != nil {
		return nil, err // the gate decided by the policy's roles, and logged a refusal
	}
	today := measure.DateOf(x.Clock.Now())
	ds := &Dataset{Service: x.Service, Extracted: today.String(), Participants: []Participant{}}
	for after := ""; ; {
		ids, err := x.Gate.Subjects(ctx, x.Service, after, subjectPage)
		if err != nil || len(ids) == 0 {
			sortRows(ds)
			return ds, err
		}
		for _, id := range ids {
			p, ok, err := x.participant(ctx, by, ps, id, today)
			if err != nil {
				return nil, err
			}
			if ok {
				ds.Participants = append(ds.Participants, p)
			}
		}
		after = ids[len(ids)-1]
	}
}

func sortRows(ds *Dataset) {
	slices.SortFunc(ds.Participants, func(a, b Participant) int { return strings.Compare(a.Pseudonym, b.Pseudonym) })
}

// participant is one subject's row; ok is false for a subject with no
// readable enrolment (withdrawn, shredded, never enrolled).
func (x *Extractor) participant(ctx context.Context, by vault.Actor, ps *vault.Pseudonymiser, subject string, today measure.Date) (Participant, bool, error) {
	attrs, ok, err := x.attributes(ctx, by, subject, today)
	if !ok || err != nil {
		return Participant{}, false, err
	}
	recs, err := readable(x.Gate.List(ctx, x.request(by, subject, "health-service", healthItems)))
	if err != nil {
		return Participant{}, false, err
	}
	attrs.Pseudonym = ps.Pseudonym(subject)
	attrs.WeeklySteps = weeklySteps(recs, today)
	attrs.Changes = changes(recs)
	return attrs, true, nil
}

// attributes reads and generalises birth date, sex and residence.
func (x *Extractor) attributes(ctx context.Context, by vault.Actor, subject string, today measure.Date) (Participant, bool, error) {
	sys := vault.Actor{Kind: vault.System, ID: pseudonymiser, Source: by.Source}
	recs, err := readable(x.Gate.List(ctx, x.request(sys, subject, "enrolment", []string{"birth_date", "residence", "sex"})))
	if err != nil || len(recs) == 0 {
		return Participant{}, false, err
	}
	var p Participant
	for _, r := range recs {
		if v, ok := r.Values["birth_date"]; ok {
			p.AgeBand = AgeBand(v, today)
		}
		if v, ok := r.Values["sex"]; ok {
			p.Sex = Sex(v)
		}
		if v, ok := r.Values["residence"]; ok {
			p.District = District(v)
		}
	}
	return p, p.AgeBand != "" && p.Sex != "", nil
}

func (x *Extractor) request(a vault.Actor, subject, purpose string, items []string) vault.Request {
	return vault.Request{Actor: a, Service: x.Service, Purpose: purpose, Subject: subject, Items: items, Action: vault.View}
}

// readable turns the gate's "not found" (refused, or nothing there) into
// no records: one participant's refusal is not the extraction's failure.
func readable(recs []*vault.Record, err error) ([]*vault.Record, error) {
	if errs.Code(err) == errs.NotFound {
		return nil, nil
	}
	return recs, err
}
