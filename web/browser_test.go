package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jikimi/web/browsertest"
)

// The published policy pages load cleanly in a real browser under the
// server's Content-Security-Policy: the title, every article in the table
// of contents, and no console error or CSP violation.
func TestPolicyPagesInBrowser(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	b := browsertest.New(t)
	for _, svc := range []string{"seoul-healthcare", "bokjiro"} {
		b.Open(t, ts.URL+"/privacy/"+svc)
		if h1 := b.Text(t, "h1"); !strings.Contains(h1, "개인정보") {
			t.Errorf("%s: h1 %q", svc, h1)
		}
		if n := b.Count(t, "nav a"); n < 8 {
			t.Errorf("%s: %d articles in the table of contents", svc, n)
		}
		b.Open(t, ts.URL+"/privacy/"+svc+"/history")
		if h1 := b.Text(t, "h1"); !strings.Contains(h1, "변경 이력") {
			t.Errorf("%s history: h1 %q", svc, h1)
		}
	}
	b.Clean(t)
}

// The browser check sees what the policy blocks: an inline script under
// the server's headers is reported as a problem.
func TestBrowserReportsBlockedInlineScript(t *testing.T) {
	ts := httptest.NewServer(secureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><title>x</title><body><p>x</p><script>document.title="ran"</script></body>`)
	})))
	defer ts.Close()
	b := browsertest.New(t)
	b.Open(t, ts.URL+"/")
	for i := 0; i < 100 && len(b.Problems()) == 0; i++ {
		time.Sleep(50 * time.Millisecond) // the report arrives as an event, after the load
	}
	if len(b.Problems()) == 0 {
		t.Fatal("an inline script blocked by the CSP was not reported")
	}
}

// A long menu keeps the header one line on a phone: the navigation is a
// menu a keyboard opens and walks into; on a desktop it is a row of links.
func TestPhoneHeaderIsCompact(t *testing.T) {
	ts := newFoundationServer(t, true)
	b := browsertest.New(t)
	b.Open(t, ts.URL+"/t/menu")
	b.LookAt(t, "foundation-menu")
	b.CompactHeader(t)
	if n := b.Count(t, "nav.wide a"); n != len(menuSite.Nav) {
		t.Fatalf("%d links in the desktop navigation", n)
	}
	b.Clean(t)
}

// The foundation in a real browser: a form page sends its form with its
// token and shows the answer; the only cookie set is the declared CSRF
// cookie; the pages pass the layout and accessibility checks at both
// widths; and a form on another origin posting into the site with the
// browser's own cookies is refused.
func TestFoundationInBrowser(t *testing.T) {
	ts := newFoundationServer(t, true)
	b := browsertest.New(t)
	b.Open(t, ts.URL+"/t/form")
	b.LookAt(t, "foundation-form")
	if st := b.Submit(t, "main form", map[string]string{"say": "안녕하세요"}); st != 200 || b.Text(t, "#said") != "안녕하세요" {
		t.Fatalf("form post: %d, %q", st, b.Text(t, "main"))
	}
	if got := b.CookieNames(t); strings.Join(got, ",") != CSRFCookie {
		t.Fatalf("cookies %q", got)
	}
	for _, page := range []string{"/", "/privacy/seoul-healthcare/cookies"} {
		b.Open(t, ts.URL+page)
		b.LookAt(t, "foundation"+page)
	}
	b.Clean(t)

	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="en"><title>evil</title><main><form method="post" enctype="text/plain" action="`+ts.URL+
			`/t/form"><input name="say" value="x"><button type="submit">win a prize</button></form></main></html>`)
	}))
	defer evil.Close()
	b.Open(t, evil.URL+"/")
	if st := b.Submit(t, "main form", nil); st != 403 || !strings.Contains(b.Text(t, "main"), "다른 사이트에서 보낸 요청은 받지 않습니다") {
		t.Fatalf("cross-site post: %d %q", st, b.Text(t, "main"))
	}
	b.Open(t, ts.URL+"/t/nothing")
	b.LookAt(t, "foundation-404")
}
