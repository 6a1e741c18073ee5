package catalogue

import (
	"slices"
	"testing"
)

func TestSeedTermsParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		got      func(string) (uint8, bool)
		want     uint8
	}{
		{"relation", "자녀", func(s string) (uint8, bool) { r, ok := ParseRelation(s); return uint8(r), ok }, uint8(RelationChild)},
		{"sex", "여", func(s string) (uint8, bool) { r, ok := ParseSex(s); return uint8(r), ok }, uint8(SexFemale)},
		{"family", "다문화.새터민.외국인", func(s string) (uint8, bool) { r, ok := ParseFamilySituation(s); return uint8(r), ok }, uint8(FamilyMulticultural)},
		{"personal", "장애인", func(s string) (uint8, bool) { r, ok := ParsePersonalSituation(s); return uint8(r), ok }, uint8(PersonalDisabled)},
		{"interest with spaces", "보호(돌봄, 요양)지원", func(s string) (uint8, bool) { r, ok := ParseInterest(s); return uint8(r), ok }, uint8(InterestCare)},
		{"interest without spaces", "문화및여가", func(s string) (uint8, bool) { r, ok := ParseInterest(s); return uint8(r), ok }, uint8(InterestCulture)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, ok := tt.got(tt.in); !ok || got != tt.want {
				t.Fatalf("parse(%q) = %d, %v; want %d", tt.in, got, ok, tt.want)
			}
			if _, ok := tt.got("없는말"); ok {
				t.Fatal("an unknown word parsed")
			}
		})
	}
	if RelationSpouse.String() != "배우자" || SexMale.Label() != "남" || FamilyVeteran.Label() != "보훈대상.제대군인" ||
		PersonalGeneral.Label() != "기타일반" || InterestEmployerEnvironment.Label() != "환경개선(사업주)" {
		t.Fatal("labels are not the seed's words")
	}
}

// Every seed term has an entry in its table, so a new term cannot be
// forgotten silently.
func TestEveryTermHasAMappingEntry(t *testing.T) {
	t.Parallel()
	if len(familyHousehold) != len(familyVocab.labels) || len(personalFacts) != len(personalVocab.labels) ||
		len(interestThemes) != len(interestVocab.labels) {
		t.Fatal("a mapping table does not cover its seed terms")
	}
}

// The unmapped terms are exactly the documented ones.
func TestUnmappedTermsAreTheDocumentedOnes(t *testing.T) {
	t.Parallel()
	var personal, interests []string
	for s := PersonalPregnancy; int(s) < len(personalFacts); s++ {
		if personalFacts[s] == (struct {
			stage     Stage
			household Household
		}{}) {
			personal = append(personal, s.Label())
		}
	}
	for i := InterestDailyLife; int(i) < len(interestThemes); i++ {
		if len(interestThemes[i]) == 0 {
			interests = append(interests, i.Label())
		}
	}
	if want := []string{"피해", "신체질환", "사업주", "기타일반"}; !slices.Equal(personal, want) {
		t.Errorf("unmapped personal situations %v, want %v", personal, want)
	}
	if want := []string{"고용지원(사업주)", "운영지원(사업주)", "훈련지원(사업주)", "환경개선(사업주)"}; !slices.Equal(interests, want) {
		t.Errorf("unmapped interests %v, want %v", interests, want)
	}
	for f := FamilyMulticultural; int(f) < len(familyHousehold); f++ {
		if familyHousehold[f] == 0 {
			t.Errorf("family situation %s is unmapped", f.Label())
		}
	}
}

// A theme is reached by one interest at most, so a reason's Via is the one
// interest behind it.
func TestNoThemeHasTwoInterests(t *testing.T) {
	t.Parallel()
	seen := map[Theme]Interest{}
	for i, themes := range interestThemes {
		for _, th := range themes {
			if other, dup := seen[th]; dup {
				t.Errorf("theme %s from %s and %s", th, other.Label(), Interest(i).Label())
			}
			seen[th] = Interest(i)
		}
	}
}
