package catalogue

import "jikimi/errs"

// Config holds the readings matching depends on. The open API names its
// life-cycle stages but publishes no age bounds, and the seed names 다자녀
// nowhere; the defaults below are our reading, kept here so they can be
// changed without touching code that uses them.
type Config struct {
	// Ages at which each stage begins, in full years (만 나이). 영유아 begins
	// at birth; 노년 has no end.
	Ages StageAges
	// A household is 다자녀 (020) when it has at least ManyChildren members
	// whose relation is 자녀 and whose age is below ManyChildrenBelowAge.
	ManyChildren         int
	ManyChildrenBelowAge int
}

// StageAges are the first ages of the stages after 영유아.
type StageAges struct {
	Child, Teen, YoungAdult, MiddleAged, Senior int
}

// DefaultConfig returns our reading of the stage bounds:
//
//	001 영유아 0–5   (영유아보육법: 영유아 is under 6)
//	002 아동   6–12  (primary-school age)
//	003 청소년 13–18 (secondary-school age)
//	004 청년   19–34 (청년기본법: 19 to 34)
//	005 중장년 35–64
//	006 노년   65+   (노인복지법 and 기초연금법 start at 65)
//
// and of 다자녀: two or more children under 19. Programmes define 다자녀 as
// two or as three children; an alert invites a member to look, so we take
// the lower bound.
func DefaultConfig() Config {
	return Config{
		Ages:                 StageAges{Child: 6, Teen: 13, YoungAdult: 19, MiddleAged: 35, Senior: 65},
		ManyChildren:         2,
		ManyChildrenBelowAge: 19,
	}
}

// Validate checks that the stages begin at increasing positive ages and
// that the 다자녀 reading is usable.
func (c Config) Validate() error {
	a := c.Ages
	if !(0 < a.Child && a.Child < a.Teen && a.Teen < a.YoungAdult && a.YoungAdult < a.MiddleAged &&
		a.MiddleAged < a.Senior && a.Senior <= maxAge) {
		return errs.E(errs.Invalid, "stage ages must increase from above 0 to at most %d", maxAge)
	}
	if c.ManyChildren < 1 || c.ManyChildrenBelowAge < 1 {
		return errs.E(errs.Invalid, "the 다자녀 reading needs a positive count and age")
	}
	return nil
}

// maxAge bounds the configured ages, not people's ages.
const maxAge = 150

// stageAt returns the stage of someone of the given age; 0 before birth.
func (c Config) stageAt(age int) Stage {
	a := c.Ages
	switch {
	case age < 0:
		return 0
	case age < a.Child:
		return StageInfant
	case age < a.Teen:
		return StageChild
	case age < a.YoungAdult:
		return StageTeen
	case age < a.MiddleAged:
		return StageYoungAdult
	case age < a.Senior:
		return StageMiddleAged
	}
	return StageSenior
}
