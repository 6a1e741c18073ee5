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
