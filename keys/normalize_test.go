package keys

import (
	"strings"
	"testing"

	"jikimi/errs"
)

// Synthetic identifiers only: none of these belongs to a person.
var (
	ciA = strings.Repeat("A", 88)
	ciB = strings.Repeat("Ab+/", 21) + "AB=="
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, kind, in, want string // want "" means refused
	}{
		{"ci all A", KindCI, ciA, ciA},
		{"ci with + / =", KindCI, ciB, ciB},
		{"ci trimmed", KindCI, " " + ciA + "\n", ciA},
		{"ci 87 chars", KindCI, ciA[:87], ""},
		{"ci 89 chars", KindCI, ciA + "A", ""},
		{"ci url-safe alphabet", KindCI, ciA[:86] + "-_", ""},
		{"ci inner space", KindCI, ciA[:40] + " " + ciA[:47], ""},
		{"ci non-ASCII", KindCI, ciA[:86] + "가", ""},
		{"ci empty", KindCI, "", ""},

		{"rrn hyphen", KindRRN, "900101-1234567", "9001011234567"},
		{"rrn digits", KindRRN, "9001011234567", "9001011234567"},
		{"rrn post-2020 wrong check digit", KindRRN, "211015-3123450", "2110153123450"},
		{"rrn post-2020 other check digit", KindRRN, "211015-3123459", "2110153123459"},
		{"rrn 1800s", KindRRN, "991231-9000001", "9912319000001"},
		{"rrn 1800s zero", KindRRN, "000101-0000001", "0001010000001"},
		{"rrn 1900s foreigner", KindRRN, "800229-5000001", "8002295000001"},
		{"rrn 2000s leap day", KindRRN, "000229-3000001", "0002293000001"},
		{"rrn 2000s foreigner", KindRRN, "050505-8000001", "0505058000001"},
		{"rrn 1900 not leap", KindRRN, "000229-1000001", ""},
		{"rrn 2001 not leap", KindRRN, "010229-3000001", ""},
		{"rrn month 13", KindRRN, "901301-1234567", ""},
		{"rrn month 00", KindRRN, "900001-1234567", ""},
		{"rrn day 00", KindRRN, "900100-1234567", ""},
		{"rrn april 31", KindRRN, "900431-1234567", ""},
		{"rrn 12 digits", KindRRN, "900101-123456", ""},
		{"rrn 14 digits", KindRRN, "90010112345678", ""},
		{"rrn hyphen misplaced", KindRRN, "90010-11234567", ""},
		{"rrn two hyphens", KindRRN, "900101--1234567", ""},
		{"rrn letter", KindRRN, "900101-123456X", ""},
		{"rrn empty", KindRRN, "", ""},

		{"mobile hyphens", KindMobile, "010-1234-5678", "01012345678"},
		{"mobile digits", KindMobile, "01012345678", "01012345678"},
		{"mobile spaces", KindMobile, "010 1234 5678", "01012345678"},
		{"mobile +82", KindMobile, "+82 10 1234 5678", "01012345678"},
		{"mobile +82 hyphens", KindMobile, "+82-10-1234-5678", "01012345678"},
		{"mobile +82 with 0", KindMobile, "+82 010 1234 5678", "01012345678"},
		{"mobile +82 compact", KindMobile, "+821012345678", "01012345678"},
		{"mobile 011 short", KindMobile, "011-123-4567", "0111234567"},
		{"mobile 019 long", KindMobile, "019-1234-5678", "01912345678"},
		{"mobile 010 short", KindMobile, "010-123-4567", ""},
		{"mobile 010 long", KindMobile, "010-1234-56789", ""},
		{"mobile landline", KindMobile, "02-1234-5678", ""},
		{"mobile 012", KindMobile, "012-1234-5678", ""},
		{"mobile other country", KindMobile, "+1 10 1234 5678", ""},
		{"mobile letters", KindMobile, "010-abcd-5678", ""},
		{"mobile dots", KindMobile, "010.1234.5678", ""},
		{"mobile empty", KindMobile, "", ""},

		{"email plain", KindEmail, "hong@example.com", "hong@example.com"},
		{"email case and spaces", KindEmail, "  Hong.Gildong@Example.CO.KR ", "hong.gildong@example.co.kr"},
		{"email plus", KindEmail, "a+tag@mail.example.org", "a+tag@mail.example.org"},
		{"email hangul domain", KindEmail, "a@예시.한국", "a@예시.한국"},
		{"email no at", KindEmail, "hong.example.com", ""},
		{"email two ats", KindEmail, "a@b@example.com", ""},
		{"email empty local", KindEmail, "@example.com", ""},
		{"email no dot", KindEmail, "a@localhost", ""},
		{"email leading dot", KindEmail, "a@.example.com", ""},
		{"email trailing dot", KindEmail, "a@example.com.", ""},
		{"email double dot", KindEmail, "a@example..com", ""},
		{"email inner space", KindEmail, "a b@example.com", ""},
		{"email control", KindEmail, "a\x00@example.com", ""},
		{"email invalid UTF-8", KindEmail, "a\xff@example.com", ""},
		{"email too long", KindEmail, strings.Repeat("a", 250) + "@example.com", ""},
		{"email empty", KindEmail, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.kind, tt.in)
			if tt.want == "" {
				checkRefused(t, tt.kind, got, err)
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Normalize = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// refusals is the one message each kind refuses with: it never echoes input.
var refusals = map[string]string{
	KindCI:     "malformed CI",
	KindRRN:    "malformed resident registration number (주민등록번호)",
	KindMobile: "malformed mobile number (휴대전화번호)",
	KindEmail:  "malformed e-mail address",
}

func checkRefused(t *testing.T, kind, got string, err error) {
	t.Helper()
	if errs.Code(err) != errs.Invalid || got != "" {
		t.Fatalf("got %q, %v; want refused as invalid", got, err)
	}
	if err.Error() != refusals[kind] {
		t.Fatalf("message %q, want %q", err.Error(), refusals[kind])
	}
}

func TestNormalizeUnknownKind(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"", "phone", "CI", "name"} {
		if _, err := Normalize(kind, "x"); errs.Code(err) != errs.Invalid {
			t.Errorf("kind %q: err = %v", kind, err)
		}
	}
}

func TestNamedValidatorsMatchNormalize(t *testing.T) {
	t.Parallel()
	named := map[string]func(string) (string, error){
		KindCI: NormalizeCI, KindRRN: NormalizeRRN, KindMobile: NormalizeMobile, KindEmail: NormalizeEmail, KindLogin: NormalizeLogin,
		KindNameBirth: NormalizeNameBirth,
	}
	if len(named) != len(normalizers) {
		t.Fatalf("%d kinds, %d named validators", len(normalizers), len(named))
	}
	for kind, fn := range named {
		a, errA := fn("010-1234-5678")
		b, errB := Normalize(kind, "010-1234-5678")
		if a != b || errs.Code(errA) != errs.Code(errB) {
			t.Errorf("%s: named and Normalize differ", kind)
		}
	}
}

// fuzzNormalize checks what every validator promises of any input: refusals
// carry the fixed message, and what is accepted is a fixed point.
func fuzzNormalize(f *testing.F, kind string, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Normalize(kind, in)
		if err != nil {
			checkRefused(t, kind, got, err)
			return
		}
		again, err := Normalize(kind, got)
		if err != nil || again != got {
			t.Fatalf("not a fixed point: %q -> %q, %v", got, again, err)
		}
	})
}

func FuzzNormalizeCI(f *testing.F) { fuzzNormalize(f, KindCI, ciA, ciB, "", " "+ciA) }

func FuzzNormalizeRRN(f *testing.F) {
	fuzzNormalize(f, KindRRN, "900101-1234567", "0002293000001", "991231-9", "")
}

func FuzzNormalizeMobile(f *testing.F) {
	fuzzNormalize(f, KindMobile, "010-1234-5678", "+82 10 1234 5678", "011-123-4567", "+82")
}

func FuzzNormalizeEmail(f *testing.F) {
	fuzzNormalize(f, KindEmail, "Hong@Example.com", "a@예시.한국", "@", "a@b.c")
}

func TestRRNPerson(t *testing.T) {
	for _, c := range []struct{ rrn, birth, sex string }{
		{"9001011000000", "1990-01-01", "M"},
		{"0001014000000", "2000-01-01", "F"},
		{"5512316000000", "1955-12-31", "F"},
		{"0002290000000", "1800-02-29", ""}, // not a real date: refused
	} {
		b, s, err := RRNPerson(c.rrn)
		if c.sex == "" {
			if err == nil {
				t.Errorf("%s: want an error", c.rrn)
			}
			continue
		}
		if err != nil || b != c.birth || s != c.sex {
			t.Errorf("%s: %s %s %v, want %s %s", c.rrn, b, s, err, c.birth, c.sex)
		}
	}
}

func TestNormalizeNameBirth(t *testing.T) {
	for in, want := range map[string]string{
		"김가상|1990-01-01":        "김가상|1990-01-01",
		"  김  가상 | 1990-01-01 ": "김 가상|1990-01-01",
		"박가상7|2000-01-01":       "박가상7|2000-01-01",
	} {
		if got, err := NormalizeNameBirth(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "김가상", "김가상|", "|1990-01-01", "김가상|1990-02-30", "김\x00가상|1990-01-01", "김|가상|1990-01-01", "김가상|19900101"} {
		if _, err := NormalizeNameBirth(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
