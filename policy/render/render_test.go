package render

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"jikimi/policy"
)

func TestRetentionPhrase(t *testing.T) {
	t.Parallel()
	p := func(s string) policy.Period { return must[policy.Period](t)(policy.ParsePeriod(s)) }
	tests := []struct {
		name string
		rule policy.Retention
		want string
	}{
		{"from collection", policy.Retention{Period: p("2y")}, "수집일로부터 2년"},
		{"after collection named", policy.Retention{Period: p("2y"), After: "collection"}, "수집일로부터 2년"},
		{"after an event", policy.Retention{Period: p("90d"), After: "result_notified"}, "결과 통지 후 90일"},
		{"after destruction of details", policy.Retention{Period: p("5y"), After: "details_destroyed"}, "상세정보 파기 후 5년"},
		{"until an event", policy.Retention{Until: "withdrawal"}, "회원 탈퇴 시까지"},
		{"a period, or until an event if sooner", policy.Retention{Period: p("2y"), Until: "withdrawal"}, "수집일로부터 2년 (회원 탈퇴 시 즉시 파기)"},
		{"immediately", policy.Retention{Immediate: true}, "이용 후 즉시 파기"},
		{"immediately unless kept", policy.Retention{Immediate: true, KeepWithConsent: []policy.Period{p("1m"), p("3m")}}, "즉시 파기 (본인 동의 시 1개월/3개월 보관)"},
		{"the seed's own words win", policy.Retention{Until: "unsubscribe", Text: "수신 거부 시\n즉시 파기"}, "수신 거부 시 즉시 파기"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retentionPhrase(&tt.rule); got != tt.want {
				t.Errorf("retentionPhrase = %q, want %q", got, tt.want)
			}
		})
	}
}

// must fails the test on an error from a parser.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestTopic(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]string{
		"서울시": "서울시는", "복지로": "복지로는", "사회보장정보원": "사회보장정보원은", "KTIS": "KTIS은(는)",
	} {
		if got := topic(word); got != want {
			t.Errorf("topic(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestHistoryPeriods(t *testing.T) {
	t.Parallel()
	d := func(s string) policy.Date { return must[policy.Date](t)(policy.ParseDate(s)) }
	versions := []policy.VersionInfo{
		{Version: "2024-03-04", From: d("2024-03-04"), Declared: true},
		{Version: "2023-12-11", From: d("2023-12-11"), To: d("2024-03-03"), Note: "적용 기간만 공개됨"},
	}
	for _, f := range []Format{Markdown, HTML} {
		var buf bytes.Buffer
		if err := History(&buf, "seoul-healthcare", "처리방침", versions, f); err != nil {
			t.Fatal(err)
		}
		text := visibleText(buf.String(), f)
		for _, want := range []string{"2024.3.4 ~ 현재", "2023.12.11 ~ 2024.3.3", "적용 기간만 공개됨", "전문 미보관"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s history lacks %q:\n%s", f, want, text)
			}
		}
		if got := strings.Count(buf.String(), "/privacy/seoul-healthcare?version="); got != 1 {
			t.Errorf("%s history links %d versions, want only the declared one", f, got)
		}
		if !strings.Contains(html2text(buf.String(), f), "/privacy/seoul-healthcare?version=2024-03-04") {
			t.Errorf("%s history does not link the declared version", f)
		}
	}
}

// html2text undoes the attribute escaping of html/template for URL checks.
func html2text(s string, f Format) string {
	if f == HTML {
		return strings.ReplaceAll(s, "&amp;", "&")
	}
	return s
}

func TestEmptyHistory(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{Markdown, HTML} {
		var buf bytes.Buffer
		if err := History(&buf, "none", "처리방침", nil, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "게시된 개인정보 처리방침이 없습니다.") {
			t.Errorf("%s: an empty history does not say so:\n%s", f, buf.String())
		}
	}
}

// TestTextComesFromDeclaration changes an item's name and a rule's period in
// the fixture and checks that the published text follows.
func TestTextComesFromDeclaration(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "decl", "fixture", "2026-03-01.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edits := []struct{ name, old, new, oldText, newText string }{
		{"item name", "name: 걸음수,", "name: 보행수,", "걸음수", "보행수"},
		{"period", "period: 2y}", "period: 3y}", "수집일로부터 2년", "수집일로부터 3년"},
		{"recipient", "recipient: 가상카드(주)", "recipient: 다른카드(주)", "가상카드(주)", "다른카드(주)"},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			if !bytes.Contains(data, []byte(e.old)) {
				t.Fatalf("fixture no longer contains %q", e.old)
			}
			p, err := policy.Parse(path, bytes.Replace(data, []byte(e.old), []byte(e.new), 1))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []Format{Markdown, HTML} {
				text := visibleText(renderPolicy(t, p, f), f)
				if strings.Contains(text, e.oldText) || !strings.Contains(text, e.newText) {
					t.Errorf("%s: after the edit want %q and no %q", f, e.newText, e.oldText)
				}
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := current(t, loadFixture(t), "fixture")
	if err := Policy(&buf, p, "pdf"); err == nil || buf.Len() > 0 {
		t.Errorf("Policy as pdf: err %v, wrote %d bytes; want an error and nothing written", err, buf.Len())
	}
}

func TestMalformedTemplatesPanic(t *testing.T) {
	t.Parallel()
	good := func(ext string) fstest.MapFS {
		return fstest.MapFS{"templates/pages." + ext: {Data: []byte(`{{define "policy"}}p{{end}}{{define "history"}}h{{end}}`)}}
	}
	broken := func(ext string) fstest.MapFS {
		return fstest.MapFS{"templates/pages." + ext: {Data: []byte(`{{define "policy"}}{{.Title`)}}
	}
	missing := func(ext string) fstest.MapFS {
		return fstest.MapFS{"templates/pages." + ext: {Data: []byte(`{{define "policy"}}p{{end}}`)}}
	}
	parsers := map[string]func(fstest.MapFS){
		"html": func(fs fstest.MapFS) { mustParseHTML(fs) },
		"md":   func(fs fstest.MapFS) { mustParseMarkdown(fs) },
	}
	for ext, parse := range parsers {
		parse(good(ext))
		for name, fs := range map[string]fstest.MapFS{"malformed": broken(ext), "missing page": missing(ext)} {
			t.Run(ext+" "+name, func(t *testing.T) {
				defer func() {
					if recover() == nil {
						t.Errorf("parsing %s %s templates did not panic", name, ext)
					}
				}()
				parse(fs)
			})
		}
	}
}

// TestHTMLStructure checks what makes the page accessible: its language,
// one heading per article, numbered in order, and headed table cells.
func TestHTMLStructure(t *testing.T) {
	t.Parallel()
	for _, s := range services {
		r := s.load(t)
		page := renderPolicy(t, current(t, r, s.name), HTML)
		if !strings.Contains(page, `<html lang="ko">`) {
			t.Errorf("%s: no lang=\"ko\"", s.name)
		}
		if strings.Contains(page, "<script") || strings.Contains(page, " style=") {
			t.Errorf("%s: inline script or style attribute", s.name)
		}
		if n := len(regexp.MustCompile(`<th(\s|>)`).FindAllString(page, -1)); n != strings.Count(page, `<th scope="`) {
			t.Errorf("%s: %d table headers, not all with scope", s.name, n)
		}
		heads := regexp.MustCompile(`<h2 id="article-\d+-heading">제(\d+)조`).FindAllStringSubmatch(page, -1)
		if len(heads) == 0 {
			t.Fatalf("%s: no article headings", s.name)
		}
		for i, h := range heads {
			if h[1] != strconv.Itoa(i+1) {
				t.Errorf("%s: article heading %d is 제%s조", s.name, i+1, h[1])
			}
		}
	}
}

func TestStyleHash(t *testing.T) {
	t.Parallel()
	if !regexp.MustCompile(`^'sha256-[A-Za-z0-9+/]{43}='$`).MatchString(StyleHash) {
		t.Errorf("StyleHash = %s", StyleHash)
	}
}
