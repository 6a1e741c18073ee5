package render

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"jikimi/policy"
)

// topic appends the topic particle that fits the last syllable: 은 after a
// final consonant, 는 after a vowel, and 은(는) when the word does not end in
// Hangul, so the controller's short name reads naturally in every sentence.
func topic(word string) string {
	r, _ := utf8.DecodeLastRuneInString(word)
	if r < 0xAC00 || r > 0xD7A3 {
		return word + "은(는)"
	}
	if (r-0xAC00)%28 == 0 {
		return word + "는"
	}
	return word + "은"
}

// circled writes a clause number as Korean statutes do (①, ②, …).
func circled(n int) string {
	if n < 1 || n > 20 {
		return "(" + strconv.Itoa(n) + ")"
	}
	return string(rune('①' + n - 1))
}

// statute cites a law as 「법률」 제N조, keeping brackets the declaration wrote.
func statute(s *policy.Statute) string {
	law := s.Law
	if !strings.HasPrefix(law, "「") {
		law = "「" + law + "」"
	}
	if s.Article == "" {
		return law
	}
	return law + " " + s.Article
}

func statutes(ss []*policy.Statute) string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.Law != "" {
			out = append(out, statute(s))
		}
	}
	return strings.Join(out, ", ")
}

// basis words a legal basis: the subject's consent and/or the statutes.
func basis(b policy.Basis) string {
	var parts []string
	if b.Consent {
		parts = append(parts, "정보주체의 동의")
	}
	if s := statutes(b.Statutes); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// or returns s, or the fallback when s is empty.
func or(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// flat folds a text onto one line, for list items and table cells, which
// hold a single line.
func flat(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// lines splits a declared text at its line breaks into non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = flat(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
