package catalogue

import "testing"

func TestCodesAndLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, code, label string
		got               interface{ Code() string }
	}{
		{"first stage", "001", "영유아", StageInfant},
		{"pregnancy stage", "007", "임신·출산", StagePregnancy},
		{"first household", "010", "다문화·탈북민", HouseholdMulticultural},
		{"low income", "050", "저소득", HouseholdLowIncome},
		{"last household", "060", "한부모·조손", HouseholdSingleParent},
		{"first theme", "010", "신체건강", ThemePhysicalHealth},
		{"law", "140", "법률", ThemeLaw},
		{"last theme", "160", "에너지", ThemeEnergy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got.Code() != tt.code {
				t.Fatalf("Code = %q, want %q", tt.got.Code(), tt.code)
			}
			if l := tt.got.(interface{ Label() string }).Label(); l != tt.label {
				t.Fatalf("Label = %q, want %q", l, tt.label)
			}
		})
	}
}

func TestOutOfRangeValuesHaveNoCode(t *testing.T) {
	t.Parallel()
	if Stage(0).Code() != "" || Stage(8).Label() != "" || Household(7).Code() != "" || Theme(17).Code() != "" {
		t.Fatal("an out-of-range value has a code or label")
	}
	if Facet(9).String() != "facet(9)" || FacetTheme.String() != "theme" {
		t.Fatal("facet names")
	}
}

func TestParseLabelsIgnoresSpaces(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     uint8
		ok       bool
	}{
		{"catalogue's spaced dot", "임신 · 출산", uint8(StagePregnancy), true},
		{"plain", "노년", uint8(StageSenior), true},
		{"unknown", "노인", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := stageVocab.parseLabel(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("parseLabel(%q) = %d, %v", tt.in, got, ok)
			}
		})
	}
}

func TestParseHouseholdCode(t *testing.T) {
	t.Parallel()
	if h, ok := ParseHouseholdCode("040"); !ok || h != HouseholdDisabled {
		t.Fatalf("040 = %v %v", h, ok)
	}
	for _, bad := range []string{"", "40", "070", "000"} {
		if _, ok := ParseHouseholdCode(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}
