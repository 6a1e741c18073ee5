package policy

import (
	"strings"
	"testing"
	"time"
)

// trusteeVersion is the valid declaration as version v with the trustees
// given (YAML list lines).
func trusteeVersion(t *testing.T, v string, trustees ...string) *Policy {
	t.Helper()
	src := strings.NewReplacer(`version: "2026-01-01"`, `version: "`+v+`"`, "effective: 2026-01-01", "effective: "+v,
		"consignment:\n  none: true", "consignment:\n  trustees:\n"+strings.Join(trustees, "\n")).Replace(readValid(t))
	if probs := problemsOf(t, src); len(probs) > 0 {
		t.Fatalf("fixture does not lint:\n%s", strings.Join(probs, "\n"))
	}
	p := mustParse(t, src)
	p.File = v + ".yaml"
	return p
}

const (
	endsInMarch = "    - {name: 가상정보시스템, task: 정보시스템 운영, from: 2025-12-01, to: 2026-03-31}"
	endsInYear  = "    - {name: 가상상담센터, task: 상담센터 운영, from: 2026-01-01, to: 2026-12-31}"
	openEnded   = "    - {name: 가상배송, task: 배송, from: 2026-01-01}"
	renewed     = "    - {name: 가상상담센터, task: 상담센터 운영, from: 2026-01-01, to: 2027-12-31}"
)

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func messages(ps Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// A version in force that names a trustee whose contract has ended is
// warned about, with the trustee's line; a contract ending after the
// version was superseded, an open-ended one, and a version not yet in
// force are not. A warning never refuses the declaration.
func TestContractWarnings(t *testing.T) {
	v1 := trusteeVersion(t, "2026-01-01", endsInMarch, endsInYear, openEnded)
	v2 := trusteeVersion(t, "2026-06-01", renewed, openEnded) // drops the ended contract, renews the other
	r, probs := newRegistry([]*Policy{v1, v2})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, tc := range []struct {
		today string
		want  []string // substrings, one per warning, in order
	}{
		{"2026-02-01", nil},
		{"2026-04-01", []string{`2026-01-01.yaml:79: warning: trustee "가상정보시스템": the contract ended 2026-03-31 while this version is in force (2026-01-01 to 2026-04-01)`}},
		// v2 took over on 06-01: v1 was in force through 05-31; v2's renewed contract runs to 2027.
		{"2027-06-01", []string{`2026-01-01.yaml:79: warning: trustee "가상정보시스템"`}},
		{"2028-01-01", []string{`2026-01-01.yaml:79: warning: trustee "가상정보시스템"`, `2026-06-01.yaml:79: warning: trustee "가상상담센터": the contract ended 2027-12-31`}},
	} {
		got := messages(r.Warnings(date(t, tc.today)))
		if len(got) != len(tc.want) {
			t.Fatalf("%s: warnings %q, want %d", tc.today, got, len(tc.want))
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: warning %q, want %q", tc.today, got[i], w)
			}
		}
	}
	if got := LastInForce(v1, []*Policy{v1, v2}, date(t, "2030-01-01")); !got.Equal(date(t, "2026-05-31")) {
		t.Fatalf("LastInForce(v1) = %v, want the day before v2", got)
	}
	if got := ContractWarnings(v2, date(t, "2026-05-31")); got != nil {
		t.Fatalf("a version not yet in force warned: %v", got)
	}
	if probs := Lint(v1); len(probs) != 0 {
		t.Fatalf("an ended contract refused the declaration: %v", probs)
	}
}

// policy diff shows a trustee renewed, dropped or added, and none of it
// asks anyone's consent again (a trustee processes on the controller's
// behalf: Act 26, not 17).
func TestDiffTrustees(t *testing.T) {
	d := Compare(trusteeVersion(t, "2026-01-01", endsInMarch, endsInYear), trusteeVersion(t, "2026-06-01", renewed, openEnded))
	got := strings.Join(func() []string {
		var out []string
		for _, c := range d.Changes {
			out = append(out, c.String())
		}
		return out
	}(), "\n")
	for _, w := range []string{
		"trustee   changed 가상상담센터: 2026-01-01~2026-12-31 -> 2026-01-01~2027-12-31",
		"trustee   added   가상배송: 배송",
		"trustee   removed 가상정보시스템: 정보시스템 운영",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("diff lacks %q:\n%s", w, got)
		}
	}
	if len(d.Changes) != 3 || len(d.Reconsent) != 0 {
		t.Fatalf("changes %q, reconsent %v", got, d.Reconsent)
	}
}
