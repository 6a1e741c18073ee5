package alerts

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"jikimi/input"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// FamilyMember is one member of the family as the form sends it (제1조 2.1).
type FamilyMember struct {
	Relation string `json:"relation"`   // 본인, 배우자, 자녀, 부모, 조부모, 손자녀, 형제자매, 기타
	Name     string `json:"name"`       // never matched, never sent
	Birth    string `json:"birth_date"` // YYYY-MM-DD
	Sex      string `json:"sex"`        // 남, 여, or blank
}

// Situations are the optional part (제1조 2.2), in the seed's words.
type Situations struct {
	Family    []string `json:"family_situation"`   // 가족상황
	Personal  []string `json:"personal_situation"` // 개인상황 (health data among them: sensitive)
	Interests []string `json:"interests"`          // 관심분야
}

func (s *Situations) empty() bool {
	return s == nil || len(s.Family)+len(s.Personal)+len(s.Interests) == 0
}

const maxName = 50

// parsed is a subscription read into the matcher's profile and the vault's
// records.
type parsed struct {
	profile catalogue.Profile
	family  []map[string]string
	extra   map[string]string // nil without situations
}

// parse checks every field; the profile is validated as of day.
func parse(members []FamilyMember, sit *Situations, day civil.Date) (*parsed, error) {
	p := &parsed{}
	for i, m := range members {
		cm, rec, err := parseMember(i, m)
		if err != nil {
			return nil, err
		}
		p.profile.Members = append(p.profile.Members, cm)
		p.family = append(p.family, rec)
	}
	if err := parseSituations(sit, &p.profile); err != nil {
		return nil, err
	}
	if err := p.profile.Validate(day); err != nil {
		return nil, err
	}
	if !sit.empty() {
		p.extra = situationValues(sit)
	}
	return p, nil
}

func parseMember(i int, m FamilyMember) (catalogue.Member, map[string]string, error) {
	rel, ok := catalogue.ParseRelation(m.Relation)
	if !ok {
		return catalogue.Member{}, nil, invalid("member_relation", "가족구성원 %d: 관계를 알 수 없습니다 (member %d: unknown relation)", i+1, i)
	}
	name := strings.TrimSpace(m.Name)
	if name == "" || utf8.RuneCountInString(name) > maxName || !input.Line(name) {
		return catalogue.Member{}, nil, invalid("member_name", "가족구성원 %d: 성명은 1~%d자입니다 (member %d: name of 1 to %d characters)", i+1, maxName, i, maxName)
	}
	birth, err := civil.Parse(m.Birth)
	if err != nil {
		return catalogue.Member{}, nil, invalid("member_birth", "가족구성원 %d: 생년월일은 YYYY-MM-DD 형식입니다 (member %d: birth date as YYYY-MM-DD)", i+1, i)
	}
	sex, ok := catalogue.ParseSex(m.Sex)
	if !ok && m.Sex != "" {
		return catalogue.Member{}, nil, invalid("member_sex", "가족구성원 %d: 성별은 남 또는 여입니다 (member %d: sex is 남 or 여)", i+1, i)
	}
	rec := map[string]string{"family_relation": rel.Label(), "family_name": name, "family_birth_date": birth.String(), "family_sex": sex.Label()}
	return catalogue.Member{Relation: rel, Birth: birth, Sex: sex}, rec, nil
}

func parseSituations(sit *Situations, p *catalogue.Profile) error {
	if sit == nil {
		return nil
	}
	var err error
	if p.Family, err = terms(sit.Family, catalogue.ParseFamilySituation, "family_situation", "가족상황"); err != nil {
		return err
	}
	if p.Personal, err = terms(sit.Personal, catalogue.ParsePersonalSituation, "personal_situation", "개인상황"); err != nil {
		return err
	}
	p.Interests, err = terms(sit.Interests, catalogue.ParseInterest, "interest", "관심분야")
	return err
}

func terms[T any](words []string, parse func(string) (T, bool), reason, label string) ([]T, error) {
	var out []T
	for _, w := range slices.Compact(slices.Sorted(slices.Values(words))) {
		t, ok := parse(w)
		if !ok {
			return nil, invalid(reason, "%s: 목록에 없는 항목입니다 (unknown %s)", label, reason)
		}
		out = append(out, t)
	}
	return out, nil
}

// situationValues keeps each list as a JSON array of the seed's words (the
// words themselves hold commas).
func situationValues(sit *Situations) map[string]string {
	out := map[string]string{}
	for item, list := range map[string][]string{"family_situation": sit.Family, "personal_situation": sit.Personal, "interests": sit.Interests} {
		if len(list) > 0 {
			b, _ := json.Marshal(slices.Compact(slices.Sorted(slices.Values(list))))
			out[item] = string(b)
		}
	}
	return out
}
