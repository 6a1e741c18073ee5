package catalogue

// Via is the seed term behind a reason: the 가족상황, 개인상황 or 관심분야
// the member declared, or the family's children (다자녀). It is two bytes so
// that a million profiles' reasons stay small; String gives the words.
type Via struct {
	Kind  ViaKind
	Value uint8 // a FamilySituation, PersonalSituation or Interest, as Kind says
}

// ViaKind says where a reason comes from.
type ViaKind uint8

// The sources of a reason. ViaAge is a member's own age.
const (
	ViaAge      ViaKind = iota // a member's life stage by age
	ViaFamily                  // a declared 가족상황
	ViaPersonal                // a declared 개인상황
	ViaInterest                // a declared 관심분야
	ViaChildren                // the family's children (다자녀)
)

// viaChildrenLabel names the reason a household is 다자녀: its members.
const viaChildrenLabel = "가족구성원(자녀)"

// String returns the seed's words for the term, "" for ViaAge.
func (v Via) String() string {
	switch v.Kind {
	case ViaFamily:
		return FamilySituation(v.Value).Label()
	case ViaPersonal:
		return PersonalSituation(v.Value).Label()
	case ViaInterest:
		return Interest(v.Value).Label()
	case ViaChildren:
		return viaChildrenLabel
	}
	return ""
}
