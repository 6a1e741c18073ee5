// Package input decides whether a piece of text a person typed may be kept:
// names (one line) and free text (line breaks and tabs allowed). It is the
// one place those rules live; every validator of outside input calls it.
//
// It never returns or logs the text it judges: its answers are yes or no.
package input

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bidi are the Unicode bidirectional formatting characters: invisible, they
// reorder what a reader sees (a name or a reason that reads differently
// from what is stored, "Trojan Source").
func bidi(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// Line reports whether s is valid UTF-8 with no control character (NUL,
// line breaks and tabs included) and no bidirectional formatting
// character: a name, a login, an address, a reason.
func Line(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || bidi(r) })
}

// Free reports whether s is valid UTF-8 with no control character other
// than line breaks and tabs, and no bidirectional formatting character: a
// question, an answer, a description.
func Free(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') || bidi(r)
	})
}
