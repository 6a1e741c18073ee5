package catalogue

import "jikimi/welfare/civil"

// facts are what a profile amounts to on one day, in the API's codes, with
// the seed term behind each household and theme for the reasons.
type facts struct {
	memberStages []Stage // by member position; 0 before birth
	declared     mask    // stages the household is in by a declared situation (007)
	stages       mask    // every stage: the members' and the declared ones
	stageVia     [8]string
	households   mask
	themes       mask
	householdVia [8]string // by Household
	themeVia     [17]string
}

// viaChildren names the reason a household is 다자녀: its members.
const viaChildren = "가족구성원(자녀)"

func (c *Catalogue) facts(p *Profile, day civil.Date) *facts {
	f := &facts{memberStages: make([]Stage, len(p.Members))}
	children := 0
	for i, m := range p.Members {
		age := m.Birth.AgeOn(day)
		f.memberStages[i] = c.cfg.stageAt(age)
		f.stages |= 1 << f.memberStages[i]
		if m.Relation == RelationChild && age >= 0 && age < c.cfg.ManyChildrenBelowAge {
			children++
		}
	}
	f.stages &^= 1 // stage 0, "not born on that day", is no stage
	if children >= c.cfg.ManyChildren {
		f.addHousehold(HouseholdManyChildren, viaChildren)
	}
	f.addSituations(p)
	return f
}

func (f *facts) addHousehold(h Household, via string) {
	if h != 0 && f.householdVia[h] == "" {
		f.households |= 1 << h
		f.householdVia[h] = via
	}
}

func (f *facts) addSituations(p *Profile) {
	for _, s := range p.Family {
		if int(s) < len(familyHousehold) {
			f.addHousehold(familyHousehold[s], s.Label())
		}
	}
	for _, s := range p.Personal {
		if int(s) >= len(personalFacts) {
			continue
		}
		f.addHousehold(personalFacts[s].household, s.Label())
		if st := personalFacts[s].stage; st != 0 {
			f.declared |= 1 << st
			f.stages |= 1 << st
			f.stageVia[st] = s.Label()
		}
	}
	for _, in := range p.Interests {
		if int(in) >= len(interestThemes) {
			continue
		}
		for _, t := range interestThemes[in] {
			if f.themeVia[t] == "" {
				f.themes |= 1 << t
				f.themeVia[t] = in.Label()
			}
		}
	}
}
