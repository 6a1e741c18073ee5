package catalogue

// The tables from the seed's words to the open API's codes. They are our
// reading: the seed and the API were written separately and name different
// things. A zero entry is deliberate: that seed term has no API code and
// never makes a service match. docs/welfare.md prints these tables.

// familyHousehold maps each 가족상황 to its household code.
var familyHousehold = [...]Household{
	FamilyMulticultural: HouseholdMulticultural, // 다문화.새터민.외국인 → 010 다문화·탈북민
	FamilyLowIncome:     HouseholdLowIncome,     // 저소득층 → 050 저소득
	FamilySingleParent:  HouseholdSingleParent,  // 한부모 → 060 한부모·조손
	FamilyVeteran:       HouseholdVeteran,       // 보훈대상.제대군인 → 030 보훈대상자
}

// personalFacts maps each 개인상황 to the stage or household it puts the
// profile in.
var personalFacts = [...]struct {
	stage     Stage
	household Household
}{
	PersonalPregnancy: {stage: StagePregnancy},        // 임신·출산 → stage 007
	PersonalDisabled:  {household: HouseholdDisabled}, // 장애인 → household 040
	PersonalVictim:    {},                             // 피해: unmapped (no household code; 070 안전·위기 is a theme, not a target)
	PersonalIllness:   {},                             // 신체질환: unmapped (010 신체건강 is a theme, not a target)
	PersonalEmployer:  {},                             // 사업주: unmapped (the catalogue serves individuals)
	PersonalGeneral:   {},                             // 기타일반: unmapped (means "none of these")
}

// interestThemes maps each 관심분야 to the themes it stands for.
var interestThemes = [...][]Theme{
	InterestDailyLife:           {ThemeLivelihood},                        // 일상생활지원 → 030
	InterestHealth:              {ThemePhysicalHealth, ThemeMentalHealth}, // 건강지원 → 010, 020
	InterestCare:                {ThemeCare},                              // 보호(돌봄, 요양)지원 → 120
	InterestEducation:           {ThemeEducation, ThemeChildcare},         // 교육(보육포함) → 100, 090
	InterestHousing:             {ThemeHousing},                           // 주거지원 → 040
	InterestLaw:                 {ThemeLaw},                               // 법률지원 → 140
	InterestCulture:             {ThemeCulture},                           // 문화 및 여가 → 060
	InterestMicrofinance:        {ThemeMicrofinance},                      // 서민금융 → 130
	InterestEmployment:          {ThemeJobs},                              // 고용지원(일반) → 050
	InterestEmployerEmployment:  nil,                                      // unmapped: employers' subsidies are not in the catalogue
	InterestEmployerOperation:   nil,                                      // unmapped: as above
	InterestEmployerTraining:    nil,                                      // unmapped: as above
	InterestEmployerEnvironment: nil,                                      // unmapped: as above
}

// Themes no interest reaches: 070 안전·위기, 080 임신·출산, 110 입양·위탁,
// 150 관계개선, 160 에너지. A service tagged only with them matches through
// its stage or household, never through an interest, and declared interests
// do not filter it out (a member could not have asked for it).
var selectableThemes = func() mask {
	var m mask
	for _, themes := range interestThemes {
		m |= maskOf(themes)
	}
	return m
}()
