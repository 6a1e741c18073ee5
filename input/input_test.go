package input

import "testing"

func TestLineAndFree(t *testing.T) {
	for _, c := range []struct {
		name       string
		s          string
		line, free bool
	}{
		{"a name", "김가상", true, true},
		{"empty", "", true, true},
		{"two lines", "가상\n질문", false, true},
		{"a tab", "가\t상", false, true},
		{"NUL", "김\x00가상", false, false},
		{"other control", "김\x1b가상", false, false},
		{"right-to-left override", "김\u202E상가", false, false},
		{"isolate", "김\u2066가상\u2069", false, false},
		{"right-to-left mark", "가상\u200F", false, false},
		{"Arabic letter mark", "가상\u061C", false, false},
		{"invalid UTF-8", "김\xff가상", false, false},
		{"zero-width joiner is fine", "가\u200D상", true, true},
	} {
		if got := Line(c.s); got != c.line {
			t.Errorf("%s: Line = %v, want %v", c.name, got, c.line)
		}
		if got := Free(c.s); got != c.free {
			t.Errorf("%s: Free = %v, want %v", c.name, got, c.free)
		}
	}
}
