package catalogue

import (
	"testing"

	"jikimi/errs"
)

func TestProfileValidate(t *testing.T) {
	t.Parallel()
	today := day(t, "2026-03-01")
	self := member(t, RelationSelf, "1990-01-01")
	kid := member(t, RelationChild, "2020-01-01")
	many := make([]Member, MaxMembers+1)
	for i := range many {
		many[i] = kid
	}
	many[0] = self
	tests := []struct {
		name   string
		p      Profile
		reason string
	}{
		{"valid", Profile{Members: []Member{self, kid}, Family: []FamilySituation{FamilyLowIncome},
			Personal: []PersonalSituation{PersonalDisabled}, Interests: []Interest{InterestHousing}}, ""},
		{"born today", Profile{Members: []Member{self, member(t, RelationChild, "2026-03-01")}}, ""},
		{"no members", Profile{}, "members_count"},
		{"too many members", Profile{Members: many}, "members_count"},
		{"no self", Profile{Members: []Member{kid}}, "self_count"},
		{"two selves", Profile{Members: []Member{self, self}}, "self_count"},
		{"unknown relation", Profile{Members: []Member{self, {Relation: 99, Birth: kid.Birth}}}, "member_relation"},
		{"zero relation", Profile{Members: []Member{self, {Birth: kid.Birth}}}, "member_relation"},
		{"unknown sex", Profile{Members: []Member{self, {Relation: RelationChild, Birth: kid.Birth, Sex: 7}}}, "member_sex"},
		{"no birth date", Profile{Members: []Member{self, {Relation: RelationChild}}}, "member_birth"},
		{"born tomorrow", Profile{Members: []Member{self, member(t, RelationChild, "2026-03-02")}}, "member_birth"},
		{"unknown family situation", Profile{Members: []Member{self}, Family: []FamilySituation{9}}, "family_situation"},
		{"unknown personal situation", Profile{Members: []Member{self}, Personal: []PersonalSituation{0}}, "personal_situation"},
		{"unknown interest", Profile{Members: []Member{self}, Interests: []Interest{14}}, "interest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.p.Validate(today)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			var e *errs.Error
			if !errorAs(err, &e) || e.Code != errs.Invalid || e.Reason != tt.reason {
				t.Fatalf("Validate = %#v, want invalid/%s", err, tt.reason)
			}
		})
	}
}
