package password

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"jikimi/errs"
)

// weak is the one message CheckStrength refuses with, in Korean and English.
const weak = "비밀번호는 영문자·숫자·특수문자 중 2종류 이상을 조합하여 8자 이상, 또는 10자 이상이어야 합니다 " +
	"(a password needs at least 8 characters of at least two kinds — letters, digits, symbols — or at least 10 characters)"

// CheckStrength applies the rule of the Korean guidance for passwords: at
// least 8 characters of at least two kinds (letters, digits, symbols), or at
// least 10 characters of one kind. Any character that is neither letter nor
// digit counts as a symbol, Hangul counts as letters, and length is in
// characters, not bytes. A password of only white space, with control
// characters or with invalid UTF-8 is refused too. Errors are errs.Invalid
// and never hold the password.
func CheckStrength(pw string) error {
	if !utf8.ValidString(pw) || strings.TrimSpace(pw) == "" || strings.IndexFunc(pw, unicode.IsControl) >= 0 {
		return errs.E(errs.Invalid, weak)
	}
	n, kinds := utf8.RuneCountInString(pw), kindsOf(pw)
	if n >= 10 || n >= 8 && kinds >= 2 {
		return nil
	}
	return errs.E(errs.Invalid, weak)
}

// kindsOf counts how many of letters, digits and symbols pw uses.
func kindsOf(pw string) int {
	var letter, digit, symbol int
	for _, r := range pw {
		switch {
		case unicode.IsLetter(r):
			letter = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			symbol = 1
		}
	}
	return letter + digit + symbol
}
