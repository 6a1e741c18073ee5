package catalogue

// The words of the seed policy's 생애주기별 복지알림이 (제1조 2): what a member
// tells us about the family. Each is a small number whose label is the
// seed's own wording, so that a profile of a million members stays small.

// Relation is a family member's relation to the member (본인과의 관계). The
// seed names the item but not its values; this list is our reading.
type Relation uint8

// The relations.
const (
	RelationSelf        Relation = 1 + iota // 본인
	RelationSpouse                          // 배우자
	RelationChild                           // 자녀
	RelationParent                          // 부모
	RelationGrandparent                     // 조부모
	RelationGrandchild                      // 손자녀
	RelationSibling                         // 형제자매
	RelationOther                           // 기타
)

var relationVocab = vocab{labels: []string{"", "본인", "배우자", "자녀", "부모", "조부모", "손자녀", "형제자매", "기타"}}

// Label returns the relation in Korean, e.g. "자녀".
func (r Relation) Label() string { return relationVocab.label(uint8(r)) }

func (r Relation) String() string { return r.Label() }

// ParseRelation reads a relation written in Korean.
func ParseRelation(s string) (Relation, bool) { return parseTerm[Relation](relationVocab, s) }

// Sex is a family member's sex (성별) as the seed collects it. Matching
// never uses it: the catalogue has no facet for it.
type Sex uint8

// The sexes; SexUnknown is allowed, as the seed's form may leave it blank.
const (
	SexUnknown Sex = iota
	SexMale        // 남
	SexFemale      // 여
)

var sexVocab = vocab{labels: []string{"", "남", "여"}}

// Label returns "남", "여" or "".
func (s Sex) Label() string { return sexVocab.label(uint8(s)) }

// ParseSex reads "남" or "여".
func ParseSex(s string) (Sex, bool) { return parseTerm[Sex](sexVocab, s) }

// FamilySituation is one of the seed's 가족상황.
type FamilySituation uint8

// The family situations, in the seed's order.
const (
	FamilyMulticultural FamilySituation = 1 + iota // 다문화.새터민.외국인
	FamilyLowIncome                                // 저소득층
	FamilySingleParent                             // 한부모
	FamilyVeteran                                  // 보훈대상.제대군인
)

var familyVocab = vocab{labels: []string{"", "다문화.새터민.외국인", "저소득층", "한부모", "보훈대상.제대군인"}}

// Label returns the seed's wording.
func (f FamilySituation) Label() string { return familyVocab.label(uint8(f)) }

// ParseFamilySituation reads the seed's wording.
func ParseFamilySituation(s string) (FamilySituation, bool) {
	return parseTerm[FamilySituation](familyVocab, s)
}

// PersonalSituation is one of the seed's 개인상황.
type PersonalSituation uint8

// The personal situations, in the seed's order.
const (
	PersonalPregnancy PersonalSituation = 1 + iota // 임신·출산
	PersonalDisabled                               // 장애인
	PersonalVictim                                 // 피해
	PersonalIllness                                // 신체질환
	PersonalEmployer                               // 사업주
	PersonalGeneral                                // 기타일반
)

var personalVocab = vocab{labels: []string{"", "임신·출산", "장애인", "피해", "신체질환", "사업주", "기타일반"}}

// Label returns the seed's wording.
func (p PersonalSituation) Label() string { return personalVocab.label(uint8(p)) }

// ParsePersonalSituation reads the seed's wording.
func ParsePersonalSituation(s string) (PersonalSituation, bool) {
	return parseTerm[PersonalSituation](personalVocab, s)
}

// Interest is one of the seed's 관심분야.
type Interest uint8

// The interests, in the seed's order.
const (
	InterestDailyLife           Interest = 1 + iota // 일상생활지원
	InterestHealth                                  // 건강지원
	InterestCare                                    // 보호(돌봄, 요양)지원
	InterestEducation                               // 교육(보육포함)
	InterestHousing                                 // 주거지원
	InterestLaw                                     // 법률지원
	InterestCulture                                 // 문화 및 여가
	InterestMicrofinance                            // 서민금융
	InterestEmployment                              // 고용지원(일반)
	InterestEmployerEmployment                      // 고용지원(사업주)
	InterestEmployerOperation                       // 운영지원(사업주)
	InterestEmployerTraining                        // 훈련지원(사업주)
	InterestEmployerEnvironment                     // 환경개선(사업주)
)

var interestVocab = vocab{labels: []string{"", "일상생활지원", "건강지원", "보호(돌봄, 요양)지원", "교육(보육포함)",
	"주거지원", "법률지원", "문화 및 여가", "서민금융", "고용지원(일반)", "고용지원(사업주)", "운영지원(사업주)",
	"훈련지원(사업주)", "환경개선(사업주)"}}

// Label returns the seed's wording.
func (i Interest) Label() string { return interestVocab.label(uint8(i)) }

// ParseInterest reads the seed's wording.
func ParseInterest(s string) (Interest, bool) { return parseTerm[Interest](interestVocab, s) }

func parseTerm[T ~uint8](v vocab, s string) (T, bool) {
	x, ok := v.parseLabel(s)
	return T(x), ok
}
