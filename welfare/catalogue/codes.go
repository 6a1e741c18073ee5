package catalogue

import (
	"fmt"
	"strings"
)

// Facet is one of the three ways the open API tags a service.
type Facet uint8

// The facets.
const (
	FacetStage     Facet = 1 + iota // 생애주기 (lifeArray)
	FacetHousehold                  // 가구유형 (trgterIndvdlArray)
	FacetTheme                      // 관심주제 (intrsThemaArray)
)

func (f Facet) String() string {
	switch f {
	case FacetStage:
		return "stage"
	case FacetHousehold:
		return "household"
	case FacetTheme:
		return "theme"
	}
	return fmt.Sprintf("facet(%d)", uint8(f))
}

// vocab is the code list of one facet: value v (1, 2, …) has the label
// labels[v] and the API code v*step written with three digits.
type vocab struct {
	labels []string
	step   int
}

// Code lists of the open API (data/SOURCES.md). The catalogue writes some
// labels with spaces around the middle dot ("임신 · 출산"); parse drops
// spaces before comparing.
var (
	stageVocab = vocab{step: 1, labels: []string{
		"", "영유아", "아동", "청소년", "청년", "중장년", "노년", "임신·출산"}}
	householdVocab = vocab{step: 10, labels: []string{
		"", "다문화·탈북민", "다자녀", "보훈대상자", "장애인", "저소득", "한부모·조손"}}
	themeVocab = vocab{step: 10, labels: []string{
		"", "신체건강", "정신건강", "생활지원", "주거", "일자리", "문화·여가", "안전·위기", "임신·출산",
		"보육", "교육", "입양·위탁", "보호·돌봄", "서민금융", "법률", "관계개선", "에너지"}}
)

func (v vocab) valid(x uint8) bool { return x >= 1 && int(x) < len(v.labels) }

func (v vocab) label(x uint8) string {
	if !v.valid(x) {
		return ""
	}
	return v.labels[x]
}

func (v vocab) code(x uint8) string {
	if !v.valid(x) {
		return ""
	}
	return fmt.Sprintf("%03d", int(x)*v.step)
}

func (v vocab) parseLabel(s string) (uint8, bool) {
	s = strings.ReplaceAll(s, " ", "")
	for x := 1; x < len(v.labels); x++ {
		if strings.ReplaceAll(v.labels[x], " ", "") == s {
			return uint8(x), true
		}
	}
	return 0, false
}

func (v vocab) parseCode(s string) (uint8, bool) {
	for x := 1; x < len(v.labels); x++ {
		if v.code(uint8(x)) == s {
			return uint8(x), true
		}
	}
	return 0, false
}

func (f Facet) vocab() vocab {
	switch f {
	case FacetHousehold:
		return householdVocab
	case FacetTheme:
		return themeVocab
	}
	return stageVocab
}

// Stage is a life-cycle stage (생애주기) of the open API; its value is the
// number of its code (StageInfant is "001").
type Stage uint8

// The stages. StagePregnancy is not an age: a profile is in it when it
// declares the personal situation 임신·출산.
const (
	StageInfant     Stage = 1 + iota // 001 영유아
	StageChild                       // 002 아동
	StageTeen                        // 003 청소년
	StageYoungAdult                  // 004 청년
	StageMiddleAged                  // 005 중장년
	StageSenior                      // 006 노년
	StagePregnancy                   // 007 임신·출산
)

// Code returns the API code, e.g. "006"; "" for no stage.
func (s Stage) Code() string { return stageVocab.code(uint8(s)) }

// Label returns the API label, e.g. "노년".
func (s Stage) Label() string { return stageVocab.label(uint8(s)) }

func (s Stage) String() string { return s.Code() + " " + s.Label() }

// Household is a target household type (가구유형) of the open API; its value
// is its code divided by ten (HouseholdMulticultural is "010").
type Household uint8

// The household types.
const (
	HouseholdMulticultural Household = 1 + iota // 010 다문화·탈북민
	HouseholdManyChildren                       // 020 다자녀
	HouseholdVeteran                            // 030 보훈대상자
	HouseholdDisabled                           // 040 장애인
	HouseholdLowIncome                          // 050 저소득
	HouseholdSingleParent                       // 060 한부모·조손
)

// Code returns the API code, e.g. "050".
func (h Household) Code() string { return householdVocab.code(uint8(h)) }

// Label returns the API label, e.g. "저소득".
func (h Household) Label() string { return householdVocab.label(uint8(h)) }

func (h Household) String() string { return h.Code() + " " + h.Label() }

// ParseHouseholdCode reads an API household code such as "050".
func ParseHouseholdCode(code string) (Household, bool) {
	x, ok := householdVocab.parseCode(code)
	return Household(x), ok
}

// Theme is an interest theme (관심주제) of the open API; its value is its code
// divided by ten (ThemePhysicalHealth is "010").
type Theme uint8

// The themes. 150 and 160 appear only in some lists of the API.
const (
	ThemePhysicalHealth Theme = 1 + iota // 010 신체건강
	ThemeMentalHealth                    // 020 정신건강
	ThemeLivelihood                      // 030 생활지원
	ThemeHousing                         // 040 주거
	ThemeJobs                            // 050 일자리
	ThemeCulture                         // 060 문화·여가
	ThemeSafety                          // 070 안전·위기
	ThemePregnancy                       // 080 임신·출산
	ThemeChildcare                       // 090 보육
	ThemeEducation                       // 100 교육
	ThemeAdoption                        // 110 입양·위탁
	ThemeCare                            // 120 보호·돌봄
	ThemeMicrofinance                    // 130 서민금융
	ThemeLaw                             // 140 법률
	ThemeRelationships                   // 150 관계개선
	ThemeEnergy                          // 160 에너지
)

// Code returns the API code, e.g. "040".
func (t Theme) Code() string { return themeVocab.code(uint8(t)) }

// Label returns the API label, e.g. "주거".
func (t Theme) Label() string { return themeVocab.label(uint8(t)) }

func (t Theme) String() string { return t.Code() + " " + t.Label() }
