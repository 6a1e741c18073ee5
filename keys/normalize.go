package keys

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"jikimi/errs"
)

// Kinds of identifier that have a blind index and a validator.
const (
	KindCI     = "ci"     // connecting information (연계정보) from identity verification
	KindRRN    = "rrn"    // resident registration number (주민등록번호)
	KindMobile = "mobile" // Korean mobile number
	KindEmail  = "email"  // e-mail address
	KindLogin  = "login"  // a citizen's chosen login ID (아이디)
	// KindNameBirth is a name and a birth date together ("name|YYYY-MM-DD"),
	// for a caseworker's search by 성명 and 생년월일.
	KindNameBirth = "name_birth"
)

// normalizers holds the validator of each kind; it is also the list of
// kinds that have a blind index.
var normalizers = map[string]func(string) (string, error){
	KindCI:        NormalizeCI,
	KindRRN:       NormalizeRRN,
	KindMobile:    NormalizeMobile,
	KindEmail:     NormalizeEmail,
	KindLogin:     NormalizeLogin,
	KindNameBirth: NormalizeNameBirth,
}

// NameBirth joins a name and a birth date as a KindNameBirth value.
func NameBirth(name, birthDate string) string { return name + "|" + birthDate }

// NormalizeNameBirth accepts "name|YYYY-MM-DD": a name of 1 to 50
// printable characters (as an application takes it; white space inside
// collapsed to one space, none around) and a real date.
func NormalizeNameBirth(value string) (string, error) {
	name, date, ok := strings.Cut(value, "|")
	name = strings.Join(strings.Fields(name), " ")
	n := utf8.RuneCountInString(name)
	if _, err := time.Parse(time.DateOnly, strings.TrimSpace(date)); !ok || err != nil || n == 0 || n > 50 ||
		strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) || r == '|' }) >= 0 {
		return "", errs.E(errs.Invalid, "a name and a birth date (YYYY-MM-DD) are needed")
	}
	return name + "|" + strings.TrimSpace(date), nil
}

// Normalize checks value as an identifier of the given kind and returns its
// one canonical spelling, so that every way of writing the same identifier
// gets the same blind index. Errors are errs.Invalid and never echo value.
func Normalize(kind, value string) (string, error) {
	norm, ok := normalizers[kind]
	if !ok {
		return "", errs.E(errs.Invalid, "unknown identifier kind %q", kind)
	}
	return norm(value)
}

// ciLen is the length of a CI: 64 bytes in base64.
const ciLen = 88

// NormalizeCI accepts exactly 88 characters of the base64 alphabet
// (A-Z a-z 0-9 + / =), after trimming surrounding white space.
func NormalizeCI(value string) (string, error) {
	v := strings.TrimSpace(value)
	if len(v) != ciLen || strings.IndexFunc(v, notBase64) >= 0 {
		return "", errs.E(errs.Invalid, "malformed CI")
	}
	return v, nil
}

func notBase64(r rune) bool {
	return !(isASCIIAlnum(r) || r == '+' || r == '/' || r == '=')
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || isDigit(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func allDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !isDigit(r) }) < 0
}

// NormalizeRRN accepts 13 digits, optionally written YYMMDD-GXXXXXX, whose
// YYMMDD is a real date in the century given by G (9, 0: 1800s; 1, 2, 5, 6:
// 1900s; 3, 4, 7, 8: 2000s). It returns the 13 digits. It never checks the
// old check digit: numbers issued since October 2020 do not have one.
func NormalizeRRN(value string) (string, error) {
	v := strings.TrimSpace(value)
	if len(v) == 14 && v[6] == '-' {
		v = v[:6] + v[7:]
	}
	if len(v) != 13 || !allDigits(v) || !realBirthDate(v[:6], v[6]) {
		return "", errs.E(errs.Invalid, "malformed resident registration number (주민등록번호)")
	}
	return v, nil
}

// centuries maps the RRN's seventh digit to the century of birth.
var centuries = map[byte]int{
	'9': 1800, '0': 1800,
	'1': 1900, '2': 1900, '5': 1900, '6': 1900,
	'3': 2000, '4': 2000, '7': 2000, '8': 2000,
}

func realBirthDate(yymmdd string, g byte) bool {
	century, ok := centuries[g]
	if !ok {
		return false
	}
	y := century + atoi(yymmdd[0:2])
	m, d := atoi(yymmdd[2:4]), atoi(yymmdd[4:6])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}

// atoi reads a string already known to be ASCII digits.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// NormalizeMobile accepts a Korean mobile number (010 with 8 more digits;
// the older 011, 016, 017, 018, 019 with 7 or 8), with optional hyphens and
// spaces, in national form or as +82 with or without the leading 0. It
// returns the digits in national form, e.g. 01012345678.
func NormalizeMobile(value string) (string, error) {
	v := mobileSeparators.Replace(strings.TrimSpace(value))
	if rest, ok := strings.CutPrefix(v, "+82"); ok {
		v = "0" + strings.TrimPrefix(rest, "0")
	}
	if !allDigits(v) || !mobileShape(v) {
		return "", errs.E(errs.Invalid, "malformed mobile number (휴대전화번호)")
	}
	return v, nil
}

var mobileSeparators = strings.NewReplacer("-", "", " ", "")

func mobileShape(v string) bool {
	if len(v) < 3 {
		return false
	}
	switch v[:3] {
	case "010":
		return len(v) == 11
	case "011", "016", "017", "018", "019":
		return len(v) == 10 || len(v) == 11
	}
	return false
}

// maxEmail is the longest address SMTP carries (RFC 5321 path limit).
const maxEmail = 254

// NormalizeEmail trims the address and lowercases all of it, not only the
// domain. RFC 5321 lets a local part be case-sensitive, but no mailbox
// provider our citizens use treats it so, and a blind index must match the
// address however the person types it next time: two accounts for
// Hong@… and hong@… would be the worse error. It requires one @, a
// non-empty local part and a domain of dot-separated non-empty labels, with
// no white space, control characters or invalid UTF-8 anywhere.
func NormalizeEmail(value string) (string, error) {
	v := strings.TrimSpace(value)
	if !utf8.ValidString(v) || !emailShape(strings.ToLower(v)) {
		return "", errs.E(errs.Invalid, "malformed e-mail address")
	}
	return strings.ToLower(v), nil
}

func emailShape(v string) bool {
	local, domain, ok := strings.Cut(v, "@")
	return ok && local != "" && len(v) <= maxEmail && !strings.ContainsRune(domain, '@') &&
		strings.IndexFunc(v, isSpaceOrControl) < 0 && dottedDomain(domain)
}

func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

func dottedDomain(domain string) bool {
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	return len(labels) >= 2
}

// RRNPerson answers the birth date (YYYY-MM-DD) and sex ("M" or "F") a
// normalized resident registration number carries in its first seven
// digits: odd G is male, even female. The rest of the number says nothing
// checkable.
func RRNPerson(rrn string) (birthDate, sex string, err error) {
	if len(rrn) != 13 || !allDigits(rrn) || !realBirthDate(rrn[:6], rrn[6]) {
		return "", "", errs.E(errs.Invalid, "malformed resident registration number (주민등록번호)")
	}
	y := centuries[rrn[6]] + atoi(rrn[0:2])
	sex = "F"
	if (rrn[6]-'0')%2 == 1 {
		sex = "M"
	}
	return fmt.Sprintf("%04d-%s-%s", y, rrn[2:4], rrn[4:6]), sex, nil
}
