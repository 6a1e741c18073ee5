package catalogue

// Service is one welfare service of the catalogue, as the open API
// describes it. Matching reads only its tags; the rest is for display.
type Service struct {
	ID                string // servId, e.g. "WLF00001183"
	Name              string
	Description       string
	Agency            string      // 소관부처
	Stages            []Stage     // lifeArray; empty: no life-cycle restriction
	Households        []Household // trgterIndvdlArray; empty: any household
	Themes            []Theme     // intrsThemaArray
	Cycle             string      // sprtCycNm, e.g. "월", "1회성"
	Form              string      // srvPvsnNm, e.g. "현금지급"
	OnlineApplication bool        // onapPsbltYn

	stages, households, themes mask
}

// mask is a set of small values (stages, households, themes, …): bit v is
// set when value v is in the set.
type mask uint32

func (m mask) has(v uint8) bool { return m&(1<<v) != 0 }

func maskOf[T ~uint8](vs []T) mask {
	var m mask
	for _, v := range vs {
		m |= 1 << v
	}
	return m
}

// index fills the service's masks from its tag lists.
func (s *Service) index() {
	s.stages, s.households, s.themes = maskOf(s.Stages), maskOf(s.Households), maskOf(s.Themes)
}
