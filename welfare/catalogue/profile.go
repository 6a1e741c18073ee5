package catalogue

import (
	"jikimi/errs"
	"jikimi/welfare/civil"
)

// MaxMembers bounds the family members of one profile.
const MaxMembers = 20

// Member is one family member as the 복지알림이 collects it (제1조 2.1),
// without the name: matching needs none, and a reason names a member by
// position and relation only.
type Member struct {
	Relation Relation
	Birth    civil.Date
	Sex      Sex // collected by the seed for statistics; matching ignores it
}

// Profile is what a member has told the 복지알림이: the family (required)
// and, optionally, the family's situations and the member's interests.
type Profile struct {
	Members   []Member
	Family    []FamilySituation   // 가족상황
	Personal  []PersonalSituation // 개인상황
	Interests []Interest          // 관심분야
}

// Validate checks a profile as of day: one to MaxMembers members, exactly
// one of them 본인, every relation, sex and term known, every birth date
// set and not after day (a pregnancy is the situation 임신·출산, not a
// member). Errors are errs.Invalid with a reason code and name members by
// position only.
func (p Profile) Validate(day civil.Date) error {
	if len(p.Members) == 0 || len(p.Members) > MaxMembers {
		return invalid("members_count", "a profile has 1 to %d members", MaxMembers)
	}
	selves := 0
	for i, m := range p.Members {
		if err := m.validate(i, day); err != nil {
			return err
		}
		if m.Relation == RelationSelf {
			selves++
		}
	}
	if selves != 1 {
		return invalid("self_count", "exactly one member must be 본인")
	}
	return p.validateTerms()
}

func (m Member) validate(i int, day civil.Date) error {
	switch {
	case !relationVocab.valid(uint8(m.Relation)):
		return invalid("member_relation", "member %d: unknown relation", i)
	case m.Sex != SexUnknown && !sexVocab.valid(uint8(m.Sex)):
		return invalid("member_sex", "member %d: unknown sex", i)
	case m.Birth.IsZero() || m.Birth.After(day):
		return invalid("member_birth", "member %d: birth date missing or after the day", i)
	}
	return nil
}

func (p Profile) validateTerms() error {
	for _, f := range p.Family {
		if !familyVocab.valid(uint8(f)) {
			return invalid("family_situation", "unknown family situation")
		}
	}
	for _, s := range p.Personal {
		if !personalVocab.valid(uint8(s)) {
			return invalid("personal_situation", "unknown personal situation")
		}
	}
	for _, i := range p.Interests {
		if !interestVocab.valid(uint8(i)) {
			return invalid("interest", "unknown interest")
		}
	}
	return nil
}

func invalid(reason, format string, args ...any) error {
	e := errs.E(errs.Invalid, format, args...)
	e.Reason = reason
	return e
}
