package catalogue

import (
	"fmt"
	"math/bits"

	"jikimi/welfare/civil"
)

// Match is a service that matches a profile, and why.
type Match struct {
	Service *Service // shared with the catalogue: read only
	Reasons []Reason // at least one
}

// NoMember is Reason.Member for a fact about the household rather than
// one member: a declared situation, a household type, an interest.
const NoMember = -1

// Reason is one tag of a service that the profile meets. It names a family
// member by position and relation, never by anything else.
type Reason struct {
	Facet    Facet
	Value    uint8    // the Stage, Household or Theme, as Facet says
	Relation Relation // the member's relation; 0 with NoMember
	Via      Via      // the seed term behind it; ViaAge for a member's stage
	Member   int      // position in Profile.Members, or NoMember
}

// Code returns the API code of the tag, e.g. "006".
func (r Reason) Code() string { return r.Facet.vocab().code(r.Value) }

// Label returns the API label of the tag, e.g. "노년".
func (r Reason) Label() string { return r.Facet.vocab().label(r.Value) }

// String says the reason in one line, e.g. "노년(006): 부모 #2" or
// "저소득(050): 저소득층".
func (r Reason) String() string {
	if r.Member != NoMember {
		return fmt.Sprintf("%s(%s): %s #%d", r.Label(), r.Code(), r.Relation.Label(), r.Member)
	}
	return fmt.Sprintf("%s(%s): %s", r.Label(), r.Code(), r.Via)
}

// Match returns the services that match the profile on day, in catalogue
// order. Our reading of the API's tags, facet by facet:
//
//   - stage: a service tagged with stages needs a member in one of them on
//     day (or the declared 임신·출산); an untagged service has no age limit;
//   - household: a service tagged with household types needs the household
//     to be one of them; an untagged service is for any household;
//   - theme: interests filter. With no (mapped) interest declared, themes
//     do not restrict; with some, a service tagged with themes an interest
//     can name needs one of them (themes no interest names never exclude);
//   - and at least one tag must be met, so a service that says nothing of
//     whom it is for alerts nobody.
//
// The profile is not validated here (see Profile.Validate): unknown terms
// are ignored, and a member not yet born on day is in no stage.
func (c *Catalogue) Match(p Profile, day civil.Date) []Match {
	var f facts
	f.fill(c.cfg, &p, day)
	var buf [4 * stackWords]uint64
	scratch := bitset(buf[:])
	if n := 4 * len(c.all); n > len(buf) {
		scratch = make(bitset, n)
	}
	return c.explain(&p, &f, c.matching(&f, scratch))
}

// stackWords is how many bitset words Match keeps on the stack: enough for
// catalogues of up to 512 services; larger ones allocate their scratch.
const stackWords = 8

// matching returns the positions of the matching services, combining the
// facets' bitsets word by word in scratch (4 bitsets long, zero).
func (c *Catalogue) matching(f *facts, scratch bitset) bitset {
	n := len(c.all)
	sp, hp, tp, out := scratch[:n], scratch[n:2*n], scratch[2*n:3*n], scratch[3*n:4*n]
	c.stages.union(sp, f.stages)
	c.households.union(hp, f.households)
	c.themes.union(tp, f.themes)
	themeOK := c.all
	if f.themes != 0 {
		themeOK = c.unselectable
	}
	for w := range out {
		met := sp[w] | hp[w] | tp[w]
		out[w] = met & (sp[w] | c.stages.none[w]) & (hp[w] | c.households.none[w]) & (tp[w] | themeOK[w])
	}
	return out
}

// union sets dst to the services tagged with any value in m.
func (ix facetIndex) union(dst bitset, m mask) {
	for m != 0 {
		v := bits.TrailingZeros32(uint32(m))
		m &= m - 1
		if v < len(ix.by) {
			dst.or(ix.by[v])
		}
	}
}

// explain turns the matching set into results: one allocation for the
// matches and one, sized exactly, for all their reasons.
func (c *Catalogue) explain(p *Profile, f *facts, set bitset) []Match {
	if set.count() == 0 {
		return nil
	}
	total := 0
	set.each(func(i int) { total += f.reasonsFor(&c.services[i]) })
	out := make([]Match, 0, set.count())
	reasons := make([]Reason, 0, total)
	set.each(func(i int) {
		s := &c.services[i]
		start := len(reasons)
		reasons = f.appendReasons(reasons, p, s)
		out = append(out, Match{Service: s, Reasons: reasons[start:len(reasons):len(reasons)]})
	})
	return out
}

func (f *facts) appendReasons(rs []Reason, p *Profile, s *Service) []Reason {
	for i, st := range f.memberStages[:f.members] {
		if st != 0 && s.stages.has(uint8(st)) {
			rs = append(rs, Reason{Facet: FacetStage, Value: uint8(st), Member: i, Relation: p.Members[i].Relation})
		}
	}
	eachBit(s.stages&f.declared, func(v uint8) {
		rs = append(rs, Reason{Facet: FacetStage, Value: v, Member: NoMember, Via: f.stageVia[v]})
	})
	eachBit(s.households&f.households, func(v uint8) {
		rs = append(rs, Reason{Facet: FacetHousehold, Value: v, Member: NoMember, Via: f.householdVia[v]})
	})
	eachBit(s.themes&f.themes, func(v uint8) {
		rs = append(rs, Reason{Facet: FacetTheme, Value: v, Member: NoMember, Via: f.themeVia[v]})
	})
	return rs
}

func eachBit(m mask, f func(v uint8)) {
	for m != 0 {
		f(uint8(bits.TrailingZeros32(uint32(m))))
		m &= m - 1
	}
}
