package catalogue

import (
	"slices"
	"testing"
)

// testCatalogue is synthetic: each service exercises one rule of matching.
func testCatalogue(t testing.TB) *Catalogue {
	return build(t,
		svc("T-SENIOR", "노년", "", ""),
		svc("T-INFANT-MC", "영유아", "다문화·탈북민", "보육"),
		svc("T-LOWINC", "", "저소득", "생활지원"),
		svc("T-NOTAGS", "", "", ""),
		svc("T-HOUSING", "", "", "주거"),
		svc("T-PREG", "임신 · 출산", "", "임신·출산"),
		svc("T-MANY", "", "다자녀", ""),
		svc("T-YOUNG-DIS", "청년", "장애인", "일자리"),
		svc("T-TEEN-EDU", "청소년", "", "교육"),
		svc("T-SENIOR-CARE", "노년", "", "보호·돌봄"),
		svc("T-SENIOR-SAFE", "노년", "", "안전·위기"),
	)
}

func TestMatch(t *testing.T) {
	t.Parallel()
	c := testCatalogue(t)
	self := member(t, RelationSelf, "1990-06-15")
	parent := member(t, RelationParent, "1950-01-01")
	kid := func(birth string) Member { return member(t, RelationChild, birth) }
	tests := []struct {
		name string
		p    Profile
		day  string
		want []string
	}{
		{"a middle-aged member alone matches nothing", Profile{Members: []Member{self}}, "2026-03-01", []string{}},
		{"a senior parent matches the senior services", Profile{Members: []Member{self, parent}}, "2026-03-01",
			[]string{"T-SENIOR", "T-SENIOR-CARE", "T-SENIOR-SAFE"}},
		{"a household tag needs the household", Profile{Members: []Member{self}, Family: []FamilySituation{FamilyLowIncome}},
			"2026-03-01", []string{"T-LOWINC"}},
		{"an infant of a multicultural family", Profile{Members: []Member{self, kid("2023-05-05")},
			Family: []FamilySituation{FamilyMulticultural}}, "2026-03-01", []string{"T-INFANT-MC"}},
		{"a multicultural family without an infant", Profile{Members: []Member{self},
			Family: []FamilySituation{FamilyMulticultural}}, "2026-03-01", []string{}},
		{"an interest alone matches a themed service", Profile{Members: []Member{self},
			Interests: []Interest{InterestHousing}}, "2026-03-01", []string{"T-HOUSING"}},
		{"interests filter themed services", Profile{Members: []Member{self, parent},
			Interests: []Interest{InterestHousing}}, "2026-03-01", []string{"T-SENIOR", "T-HOUSING", "T-SENIOR-SAFE"}},
		{"unmapped interests do not filter", Profile{Members: []Member{self, parent},
			Interests: []Interest{InterestEmployerTraining}}, "2026-03-01", []string{"T-SENIOR", "T-SENIOR-CARE", "T-SENIOR-SAFE"}},
		{"pregnancy is a declared stage", Profile{Members: []Member{self},
			Personal: []PersonalSituation{PersonalPregnancy}}, "2026-03-01", []string{"T-PREG"}},
		{"two minor children make 다자녀", Profile{Members: []Member{self, kid("2016-01-01"), kid("2018-01-01")}},
			"2026-03-01", []string{"T-MANY"}},
		{"adult children do not count for 다자녀", Profile{Members: []Member{self, kid("2007-01-01"), kid("2016-01-01")}},
			"2026-03-01", []string{}},
		{"disability comes from the personal situation", Profile{Members: []Member{member(t, RelationSelf, "2000-01-01")},
			Personal: []PersonalSituation{PersonalDisabled}}, "2026-03-01", []string{"T-YOUNG-DIS"}},
		{"unmapped personal situations match nothing", Profile{Members: []Member{self},
			Personal: []PersonalSituation{PersonalVictim, PersonalIllness, PersonalEmployer, PersonalGeneral}}, "2026-03-01", []string{}},
		{"a member not yet born is in no stage", Profile{Members: []Member{self, kid("2026-04-01")},
			Family: []FamilySituation{FamilyMulticultural}}, "2026-03-01", []string{}},
		{"the day before the 19th birthday is still 청소년", Profile{Members: []Member{self, kid("2007-03-02")}},
			"2026-03-01", []string{"T-TEEN-EDU"}},
		{"on the 19th birthday 청소년 ends", Profile{Members: []Member{self, kid("2007-03-01")}},
			"2026-03-01", []string{}},
		{"unknown terms are ignored", Profile{Members: []Member{self}, Family: []FamilySituation{99},
			Personal: []PersonalSituation{99}, Interests: []Interest{99}}, "2026-03-01", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := c.Match(tt.p, day(t, tt.day))
			if !slices.Equal(ids(got), tt.want) {
				t.Fatalf("matched %v, want %v", ids(got), tt.want)
			}
			for _, m := range got {
				if len(m.Reasons) == 0 {
					t.Fatalf("%s matched without a reason", m.Service.ID)
				}
			}
		})
	}
}

func TestMatchReasons(t *testing.T) {
	t.Parallel()
	c := testCatalogue(t)
	p := Profile{
		Members: []Member{member(t, RelationSelf, "1990-06-15"), member(t, RelationChild, "2023-05-05"),
			member(t, RelationChild, "2024-07-07")},
		Family:    []FamilySituation{FamilyMulticultural},
		Personal:  []PersonalSituation{PersonalPregnancy},
		Interests: []Interest{InterestEducation},
	}
	got := map[string][]string{}
	for _, m := range c.Match(p, day(t, "2026-03-01")) {
		for _, r := range m.Reasons {
			got[m.Service.ID] = append(got[m.Service.ID], r.String())
		}
	}
	want := map[string][]string{
		"T-INFANT-MC": {"영유아(001): 자녀 #1", "영유아(001): 자녀 #2", "다문화·탈북민(010): 다문화.새터민.외국인", "보육(090): 교육(보육포함)"},
		"T-MANY":      {"다자녀(020): 가족구성원(자녀)"},
		"T-PREG":      {"임신·출산(007): 임신·출산"},
	}
	if len(got) != len(want) {
		t.Fatalf("matched %v", got)
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s reasons %q, want %q", id, got[id], w)
		}
	}
}

func TestReasonNamesMembersByRelationOnly(t *testing.T) {
	t.Parallel()
	c := testCatalogue(t)
	p := Profile{Members: []Member{member(t, RelationSelf, "1990-06-15"), member(t, RelationGrandparent, "1940-02-02")}}
	ms := c.Match(p, day(t, "2026-03-01"))
	r := ms[0].Reasons[0]
	if r.Facet != FacetStage || Stage(r.Value) != StageSenior || r.Member != 1 || r.Relation != RelationGrandparent ||
		r.Code() != "006" || r.Label() != "노년" || r.Via != (Via{}) || r.Via.String() != "" {
		t.Fatalf("reason %+v", r)
	}
}

// Every match from the real catalogue has a reason, and each reason is a
// tag of its service that the profile meets.
func TestEmbeddedMatchesAreExplained(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	gen := newGenerator(1, day(t, "2026-03-01"))
	for range 2000 {
		p := gen.profile()
		for _, m := range c.Match(p, gen.day) {
			if len(m.Reasons) == 0 {
				t.Fatalf("%s matched without a reason", m.Service.ID)
			}
			for _, r := range m.Reasons {
				if !tagged(m.Service, r) {
					t.Fatalf("%s: reason %v is not one of its tags", m.Service.ID, r)
				}
			}
		}
	}
}

func tagged(s *Service, r Reason) bool {
	switch r.Facet {
	case FacetStage:
		return s.stages.has(r.Value)
	case FacetHousehold:
		return s.households.has(r.Value)
	}
	return s.themes.has(r.Value)
}

func TestFactsHoldEveryValue(t *testing.T) {
	t.Parallel()
	var f facts
	if len(stageVocab.labels) > len(f.stageVia) || len(householdVocab.labels) > len(f.householdVia) ||
		len(themeVocab.labels) > len(f.themeVia) || len(stageVocab.labels) > len(f.perStage) {
		t.Fatal("a facts array is shorter than its vocabulary")
	}
}

// reasonsFor counts exactly what appendReasons appends, so explain
// allocates once.
func TestReasonsAreCountedExactly(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	gen := newGenerator(7, day(t, "2026-03-01"))
	for range 500 {
		p := gen.profile()
		var f facts
		f.fill(c.cfg, &p, gen.day)
		for i := range c.services {
			s := &c.services[i]
			if got, want := len(f.appendReasons(nil, &p, s)), f.reasonsFor(s); got != want {
				t.Fatalf("%s: %d reasons, counted %d", s.ID, got, want)
			}
		}
	}
}
