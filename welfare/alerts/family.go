package alerts

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// Contacts are where a member's alerts go.
type Contacts struct{ Email, Mobile string }

// contacts reads the member's e-mail and mobile from their membership.
func (s *Service) contacts(ctx context.Context, subject string) (Contacts, error) {
	recs, err := s.cfg.Vault.List(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: purposeContacts, Subject: subject,
		Items: []string{"email", "mobile"}, Action: vault.View})
	if err != nil {
		return Contacts{}, err
	}
	if len(recs) == 0 {
		return Contacts{}, errs.E(errs.NotFound, "not found")
	}
	return Contacts{Email: recs[0].Values["email"], Mobile: recs[0].Values["mobile"]}, nil
}

// Family is what the member told the 복지알림이, as they see it.
type Family struct {
	Members    []FamilyMember `json:"members"`
	Situations *Situations    `json:"situations,omitempty"`
}

// Family reads the subscription back, members in a stable order.
func (s *Service) Family(ctx context.Context, actor vault.Actor, subject string) (*Family, error) {
	recs, err := s.cfg.Vault.List(ctx, vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeFamily, Subject: subject,
		Items: familyItems, Action: vault.View})
	if err != nil {
		return nil, err
	}
	recs = inUse(recs)
	if len(recs) == 0 {
		return nil, errs.E(errs.NotFound, "not found")
	}
	f := &Family{}
	for _, r := range recs {
		v := r.Values
		f.Members = append(f.Members, FamilyMember{Relation: v["family_relation"], Name: v["family_name"], Birth: v["family_birth_date"], Sex: v["family_sex"]})
	}
	slices.SortStableFunc(f.Members, func(a, b FamilyMember) int {
		return cmp.Or(cmp.Compare(relationRank(a.Relation), relationRank(b.Relation)), cmp.Compare(a.Birth, b.Birth))
	})
	f.Situations, err = s.situations(ctx, actor, subject)
	return f, err
}

// inUse drops the records of an ended subscription: the unsubscription
// dated them for destruction, and until the destruction run takes them
// they must not mix with a new subscription's (two 본인 in one family).
// A subscription's own records wait for the unsubscription with no date.
func inUse(recs []*vault.Record) []*vault.Record {
	return slices.DeleteFunc(recs, func(r *vault.Record) bool { return r.Due != nil })
}

func relationRank(label string) int {
	r, _ := catalogue.ParseRelation(label)
	return int(r)
}

// situations reads the optional part; none, or no consent to it, is nil.
func (s *Service) situations(ctx context.Context, actor vault.Actor, subject string) (*Situations, error) {
	recs, err := s.cfg.Vault.List(ctx, vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeProfile, Subject: subject,
		Items: []string{"family_situation", "personal_situation", "interests"}, Action: vault.View})
	recs = inUse(recs)
	if errs.Code(err) == errs.NotFound || err == nil && len(recs) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sit := &Situations{}
	for item, dst := range map[string]*[]string{"family_situation": &sit.Family, "personal_situation": &sit.Personal, "interests": &sit.Interests} {
		if v := recs[0].Values[item]; v != "" {
			if err := json.Unmarshal([]byte(v), dst); err != nil {
				return nil, errs.Wrap(errs.Internal, err, "alerts: a stored situation list is malformed")
			}
		}
	}
	return sit, nil
}

// Matches lists the services of the catalogue in force that match the
// member's family today, with their reasons.
func (s *Service) Matches(ctx context.Context, actor vault.Actor, subject string) ([]catalogue.Match, error) {
	day := s.today()
	p, err := s.profileAs(ctx, actor, subject, day)
	if err != nil {
		return nil, err
	}
	return s.cfg.Catalogue.Match(p, day), nil
}

// profile reads a subscriber's profile for the matcher, as the run's actor.
func (s *Service) profile(ctx context.Context, subject string, day civil.Date) (catalogue.Profile, error) {
	return s.profileAs(ctx, system, subject, day)
}

func (s *Service) profileAs(ctx context.Context, actor vault.Actor, subject string, day civil.Date) (catalogue.Profile, error) {
	f, err := s.Family(ctx, actor, subject)
	if err != nil {
		return catalogue.Profile{}, err
	}
	p, err := parse(f.Members, f.Situations, day)
	if err != nil {
		return catalogue.Profile{}, err
	}
	return p.profile, nil
}
