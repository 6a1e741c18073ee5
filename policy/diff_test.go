package policy

import (
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("decl.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string
		changes   []string // substrings of Change.String(), in any order
		reconsent []string // scopes that need new consent; nil: none
	}{
		{"identical", "", "", nil, nil},
		{"new purpose needs consent",
			"automatic:", "  - id: marketing\n    title: 홍보\n    required: false\n    basis: {consent: true}\n    items:\n      - {id: email, name: 이메일, class: general}\n    retention:\n      - {id: m, until: withdrawal}\nautomatic:",
			[]string{"purpose   added   marketing"}, []string{"purpose marketing"}},
		{"shorter period needs none",
			"{id: health, period: 2y}", "{id: health, period: 1y}",
			[]string{"period    changed health/health: 2y -> 1y"}, nil},
		{"ending at an event if sooner needs none",
			"{id: health, period: 2y}", "{id: health, period: 2y, until: withdrawal}",
			[]string{"period    changed health/health: 2y -> 2y or until withdrawal, whichever comes first"}, nil},
		{"a longer period ending at an event needs consent",
			"{id: health, period: 2y}", "{id: health, period: 3y, until: withdrawal}",
			[]string{"period    changed health/health: 2y -> 3y or until withdrawal"}, []string{"purpose health"}},
		{"longer period needs consent",
			"{id: health, period: 2y}", "{id: health, period: 3y}",
			[]string{"period    changed health/health: 2y -> 3y"}, []string{"purpose health"}},
		{"new recipient needs consent",
			"consignment:", "    - id: other\n      recipient: 다른기관\n      purpose: 연구\n      source_purpose: health\n      items: [birth]\n      retention: 1년\n      consent_required: true\nconsignment:",
			[]string{"recipient added   other"}, []string{"provision other"}},
		{"more provided items need consent",
			"items: [birth, weight]", "items: [birth, weight, membership/name]",
			[]string{"recipient changed partner"}, []string{"provision partner"}},
		{"new item in consent purpose needs consent",
			"      - {id: birth, name: 생년월일, class: general, required: true}\n",
			"      - {id: birth, name: 생년월일, class: general, required: true}\n      - {id: waist, name: 허리둘레, class: sensitive}\n",
			[]string{"item      added   health/waist"}, []string{"purpose health"}},
		{"removed item needs none",
			"      - {id: name, name: 성명, class: general, required: true}\n", "",
			[]string{"item      removed membership/name"}, nil},
		{"trustee added",
			"consignment:\n  none: true", "consignment:\n  trustees:\n    - {name: 가상수탁사, task: 운영, from: 2026-01-01, to: 2026-12-31}",
			[]string{"trustee   added   가상수탁사: 운영"}, nil},
	}
	valid := readValid(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(valid, tt.old) {
				t.Fatalf("fixture lacks %q", tt.old)
			}
			newSrc := strings.Replace(valid, tt.old, tt.new, 1)
			if probs := problemsOf(t, newSrc); len(probs) > 0 {
				t.Fatalf("new version does not lint:\n%s", strings.Join(probs, "\n"))
			}
			d := Compare(mustParse(t, valid), mustParse(t, newSrc))
			var got []string
			for _, c := range d.Changes {
				got = append(got, c.String())
			}
			if len(got) != len(tt.changes) {
				t.Fatalf("changes = %q, want %d matching %q", got, len(tt.changes), tt.changes)
			}
			for _, w := range tt.changes {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("no change %q in %q", w, got)
				}
			}
			var scopes []string
			for _, r := range d.Reconsent {
				scopes = append(scopes, r.Scope)
			}
			if strings.Join(scopes, ",") != strings.Join(tt.reconsent, ",") {
				t.Fatalf("reconsent = %q, want %q", scopes, tt.reconsent)
			}
		})
	}
}
