package catalogue

// The seed's words a form offers, in the seed's order (without the empty
// zero value): the family relations and sexes of 복지알림이 members, and
// the optional situations.

// RelationLabels are the family relations.
func RelationLabels() []string { return relationVocab.labels[1:] }

// SexLabels are the sexes.
func SexLabels() []string { return sexVocab.labels[1:] }

// FamilySituationLabels are the family situations (가족상황).
func FamilySituationLabels() []string { return familyVocab.labels[1:] }

// PersonalSituationLabels are the personal situations (개인상황).
func PersonalSituationLabels() []string { return personalVocab.labels[1:] }

// InterestLabels are the interests (관심분야).
func InterestLabels() []string { return interestVocab.labels[1:] }
