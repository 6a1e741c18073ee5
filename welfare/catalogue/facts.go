package catalogue

import (
	"math/bits"

	"jikimi/welfare/civil"
)

// facts are what a profile amounts to on one day, in the API's codes, with
// the seed term behind each household and theme for the reasons. They live
// on the caller's stack: matching a million profiles allocates only results.
type facts struct {
	members      int               // members considered: at most MaxMembers
	memberStages [MaxMembers]Stage // by member position; 0 before birth
	perStage     [8]uint8          // how many members are in each stage
	declared     mask              // stages the household is in by a declared situation (007)
	stages       mask              // every stage: the members' and the declared ones
	households   mask              // household types
	themes       mask              // themes of the declared interests
	stageVia     [8]Via            // by Stage, for declared stages
	householdVia [8]Via            // by Household
	themeVia     [17]Via           // by Theme (TestFactsHoldEveryValue)
}

// fill computes the facts of p on day. Members past MaxMembers (an invalid
// profile) are ignored.
func (f *facts) fill(cfg Config, p *Profile, day civil.Date) {
	f.members = min(len(p.Members), MaxMembers)
	children := 0
	for i, m := range p.Members[:f.members] {
		age := m.Birth.AgeOn(day)
		st := cfg.stageAt(age)
		f.memberStages[i] = st
		f.perStage[st]++
		if m.Relation == RelationChild && age >= 0 && age < cfg.ManyChildrenBelowAge {
			children++
		}
	}
	f.perStage[0] = 0 // stage 0, "not born on that day", is no stage
	for st := range f.perStage {
		if f.perStage[st] > 0 {
			f.stages |= 1 << st
		}
	}
	if children >= cfg.ManyChildren {
		f.addHousehold(HouseholdManyChildren, Via{Kind: ViaChildren})
	}
	f.addSituations(p)
}

func (f *facts) addHousehold(h Household, via Via) {
	if h != 0 && !f.households.has(uint8(h)) {
		f.households |= 1 << h
		f.householdVia[h] = via
	}
}

func (f *facts) addSituations(p *Profile) {
	for _, s := range p.Family {
		if int(s) < len(familyHousehold) {
			f.addHousehold(familyHousehold[s], Via{ViaFamily, uint8(s)})
		}
	}
	for _, s := range p.Personal {
		if int(s) < len(personalFacts) {
			f.addPersonal(s)
		}
	}
	for _, in := range p.Interests {
		if int(in) < len(interestThemes) {
			f.addInterest(in)
		}
	}
}

func (f *facts) addPersonal(s PersonalSituation) {
	f.addHousehold(personalFacts[s].household, Via{ViaPersonal, uint8(s)})
	if st := personalFacts[s].stage; st != 0 {
		f.declared |= 1 << st
		f.stages |= 1 << st
		f.stageVia[st] = Via{ViaPersonal, uint8(s)}
	}
}

func (f *facts) addInterest(in Interest) {
	for _, t := range interestThemes[in] {
		if !f.themes.has(uint8(t)) {
			f.themes |= 1 << t
			f.themeVia[t] = Via{ViaInterest, uint8(in)}
		}
	}
}

// reasonsFor counts the reasons s will get, so results are allocated once.
func (f *facts) reasonsFor(s *Service) int {
	n := bits.OnesCount32(uint32(s.stages&f.declared)) + bits.OnesCount32(uint32(s.households&f.households)) +
		bits.OnesCount32(uint32(s.themes&f.themes))
	for m := s.stages & f.stages; m != 0; m &= m - 1 {
		n += int(f.perStage[bits.TrailingZeros32(uint32(m))])
	}
	return n
}
