package policy

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readValid(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/lint/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// problemsOf parses and lints src, returning every finding as file:line: message.
func problemsOf(t *testing.T, src string) []string {
	t.Helper()
	p, err := Parse("decl.yaml", []byte(src))
	var ps Problems
	if err != nil {
		if !errors.As(err, &ps) {
			t.Fatalf("Parse: %v", err)
		}
	} else {
		ps = Lint(p)
	}
	out := make([]string, len(ps))
	for i, pr := range ps {
		out[i] = pr.String()
	}
	return out
}

func TestLintValidPasses(t *testing.T) {
	if got := problemsOf(t, readValid(t)); len(got) != 0 {
		t.Fatalf("valid declaration has problems:\n%s", strings.Join(got, "\n"))
	}
}

// Each case breaks the valid declaration in one way. The valid declaration is
// the passing counterpart of every case.
func TestLintRules(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string // substring of a finding, including its line
	}{
		{"item without retention",
			"      - {id: health, period: 2y}", "      - {id: health, period: 2y, items: [weight]}",
			"decl.yaml:40: item \"birth\" (생년월일) of purpose \"health\" has no retention rule"},
		{"sensitive item without separate consent or statute",
			"    consent: {separate: true}\n    requires", "    requires",
			"decl.yaml:38: item \"weight\" is sensitive (민감정보): purpose \"health\" must ask separate consent or name a statute"},
		{"rrn on consent alone",
			"      statutes:\n        - {law: 「시험법」, article: 제1조}\n", "",
			"item \"rrn\" is a resident registration number: purpose \"lookup\" must name the statute"},
		{"third-party item not collected",
			"items: [birth, weight]", "items: [birth, weight, income]",
			"decl.yaml:67: provision \"partner\": item \"income\" is not declared: a third party receives only items the service collects"},
		{"access log shorter than two years with sensitive data",
			"  retention: 2y\nthird_parties", "  retention: 1y\nthird_parties",
			"a system holding sensitive or unique-identifier data keeps access logs at least 2 years"},
		{"optional purpose made a condition",
			"requires: [membership]", "requires: [membership, lookup]",
			"decl.yaml:32: required purpose \"health\" requires optional purpose \"lookup\""},
		{"optional purpose denies service",
			"refusal_cost: 조회 기능을 이용할 수 없습니다.}", "denies_service: true}",
			"purpose \"lookup\" is optional, yet refusing it denies the service"},
		{"under-14 without representative consent",
			"      representative_consent: true\n", "",
			"decl.yaml:23: purpose \"membership\" is open to children under 14 but declares no legal-representative consent"},
		{"purpose without items",
			"    items:\n      - {id: rrn, name: 주민등록번호, class: unique_id, identifier: rrn, required: true}\n", "",
			"purpose \"lookup\" has no items"},
		{"unknown key",
			"    title: 건강관리\n", "    title: 건강관리\n    retension: 2y\n",
			"decl.yaml:34: unknown key \"retension\""},
		{"malformed yaml",
			"    title: 건강관리\n", "    title: [건강관리\n",
			"decl.yaml:32: malformed YAML"},
		{"retention rule that cannot be computed",
			"{id: member, until: withdrawal}", "{id: member, until: forever}",
			"decl.yaml:31: membership: retention rule \"member\" cannot be computed: until: unknown event \"forever\""},
		{"retention rule of two shapes",
			"{id: health, period: 2y}", "{id: health, until: withdrawal, immediate: true}",
			"cannot be computed: want exactly one of"},
		{"bad period",
			"period: 2y}", "period: 2w}",
			"decl.yaml:42: period \"2w\""},
		{"unknown item class",
			"class: sensitive", "class: secret",
			"class \"secret\": want one of"},
		{"no legal basis",
			"    basis: {consent: true}\n    minors", "    basis: {consent: false}\n    minors",
			"purpose \"membership\": no legal basis"},
		{"provision without consent or statute",
			"      consent_required: true\n", "",
			"provision \"partner\": without consent a provision needs a named statute"},
		{"consignment neither none nor trustees",
			"  none: true", "  none: false",
			"consignment: list the trustees or say none: true"},
		{"no privacy officer",
			"role: officer", "role: handler",
			"controller: no privacy officer"},
		{"text field given a boolean",
			"title: 회원관리", "title: true",
			"want text, found bool"},
		{"one role both pseudonymises and re-identifies",
			"consignment:", pseudonymised("[statistician, privacy-officer]", "[privacy-officer]") + "consignment:",
			"pseudonymised.roles: \"privacy-officer\" both pseudonymises and re-identifies"},
		{"pseudonymised data of an undeclared purpose",
			"consignment:", strings.Replace(pseudonymised("[statistician]", "[privacy-officer]"), "source_purpose: health", "source_purpose: research", 1) + "consignment:",
			"pseudonymised: source_purpose \"research\" is not declared"},
		{"pseudonymised item not collected",
			"consignment:", strings.Replace(pseudonymised("[statistician]", "[privacy-officer]"), "items: [weight]", "items: [height]", 1) + "consignment:",
			"pseudonymised: "},
	}
	valid := readValid(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(valid, tt.old) {
				t.Fatalf("fixture does not contain %q", tt.old)
			}
			got := problemsOf(t, strings.Replace(valid, tt.old, tt.new, 1))
			for _, g := range got {
				if strings.Contains(g, tt.want) {
					return
				}
			}
			t.Fatalf("want a finding containing %q, got:\n%s", tt.want, strings.Join(got, "\n"))
		})
	}
}

// pseudonymised is a pseudonymised section over the fixture's health data.
func pseudonymised(pseudonymise, reidentify string) string {
	return "pseudonymised:\n  purpose: 통계\n  source_purpose: health\n  items: [weight]\n  roles:\n    pseudonymise: " + pseudonymise +
		"\n    reidentify: " + reidentify + "\n"
}

// The valid declaration with a pseudonymised section whose roles are apart
// lints clean.
func TestLintPseudonymisedRoles(t *testing.T) {
	src := strings.Replace(readValid(t), "consignment:", pseudonymised("[statistician]", "[privacy-officer]")+"consignment:", 1)
	if got := problemsOf(t, src); len(got) != 0 {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
}
