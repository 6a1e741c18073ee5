package catalogue

import (
	"math/rand/v2"

	"jikimi/welfare/civil"
)

// generator makes obviously synthetic profiles from a seed: a 본인 aged 19
// to 89, sometimes a spouse, up to three children, sometimes a parent, and
// a few situations and interests drawn at random.
type generator struct {
	rng *rand.Rand
	day civil.Date
}

func newGenerator(seed uint64, day civil.Date) *generator {
	return &generator{rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), day: day}
}

func (g *generator) profile() Profile {
	self := g.member(RelationSelf, 19, 90)
	p := Profile{Members: []Member{self}}
	if g.rng.IntN(2) == 0 {
		p.Members = append(p.Members, g.member(RelationSpouse, 19, 90))
	}
	for range g.rng.IntN(4) {
		p.Members = append(p.Members, g.member(RelationChild, 0, 30))
	}
	if g.rng.IntN(4) == 0 {
		p.Members = append(p.Members, g.member(RelationParent, 55, 100))
	}
	p.Family = pick[FamilySituation](g.rng, len(familyVocab.labels), 4)
	p.Personal = pick[PersonalSituation](g.rng, len(personalVocab.labels), 8)
	p.Interests = pick[Interest](g.rng, len(interestVocab.labels), 2)
	return p
}

// member is born between minAge and maxAge years before the generator's day.
func (g *generator) member(r Relation, minAge, maxAge int) Member {
	days := minAge*365 + g.rng.IntN((maxAge-minAge)*365)
	y, m, d := civilTime(g.day).AddDate(0, 0, -days).Date()
	birth, _ := civil.New(y, m, d)
	return Member{Relation: r, Birth: birth, Sex: Sex(1 + g.rng.IntN(2))}
}

// pick draws each term of a vocabulary of n labels with probability 1/odds.
func pick[T ~uint8](rng *rand.Rand, n, odds int) []T {
	var out []T
	for v := 1; v < n; v++ {
		if rng.IntN(odds) == 0 {
			out = append(out, T(v))
		}
	}
	return out
}
