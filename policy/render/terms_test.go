package render

import (
	"bufio"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSeedTerms checks that every item, period, recipient, trustee and
// contact the seed names appears in the rendered text of the seed's own
// version (the first declared; later versions may drop what has ended,
// such as a trustee's contract), in both formats: the public text says
// everything the seed said. Dates of earlier versions are compared as
// dates on the history page, which lays them out itself.
func TestSeedTerms(t *testing.T) {
	for _, s := range services {
		r := s.load(t)
		terms := readTerms(t, s.name)
		for _, f := range []Format{Markdown, HTML} {
			t.Run(s.name+"."+string(f), func(t *testing.T) {
				policyText := visibleText(renderPolicy(t, r.Declared(s.name)[0], f), f)
				historyText := visibleText(renderHistory(t, r, s.name, f), f)
				for _, term := range terms {
					text, want := policyText, term
					if d, ok := seedDate(term); ok {
						text, want = historyText, d
					}
					if !strings.Contains(text, want) {
						t.Errorf("term %q (as %q) is not in the rendered %s text", term, want, f)
					}
				}
			})
		}
	}
}

// readTerms reads policy/testdata/seed-terms/<service>.txt, or this
// package's testdata/fixture-terms.txt for the fixture.
func readTerms(t *testing.T, service string) []string {
	t.Helper()
	path := filepath.Join("..", "testdata", "seed-terms", service+".txt")
	if service == "fixture" {
		path = filepath.Join("testdata", "fixture-terms.txt")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var terms []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			terms = append(terms, squash(l))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(terms) == 0 {
		t.Fatalf("%s lists no terms", path)
	}
	return terms
}

var seedDateRE = regexp.MustCompile(`^(\d{4})\.(\d{1,2})\.(\d{1,2})\.?$`)

// seedDate reads a date as the seeds write it ("2022.12.4.", "2021.11.01")
// and writes it as the history page does ("2022.12.4", "2021.11.1").
func seedDate(term string) (string, bool) {
	m := seedDateRE.FindStringSubmatch(term)
	if m == nil {
		return "", false
	}
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return m[1] + "." + strconv.Itoa(mo) + "." + strconv.Itoa(d), true
}

var (
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	styleRE    = regexp.MustCompile(`(?s)<style>.*?</style>`)
	mdEscapeRE = regexp.MustCompile(`\\(.)`)
)

// visibleText is what a reader sees: HTML without tags and with entities
// unescaped; Markdown without emphasis and escapes. Runs of white space are
// one space.
func visibleText(s string, f Format) string {
	if f == HTML {
		s = html.UnescapeString(tagRE.ReplaceAllString(styleRE.ReplaceAllString(s, " "), " "))
	} else {
		s = mdEscapeRE.ReplaceAllString(strings.ReplaceAll(s, "**", ""), "$1")
	}
	return squash(s)
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
