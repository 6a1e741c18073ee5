package stats

import (
	"strings"
	"testing"

	"jikimi/web/browsertest"
)

// The statistics page loads cleanly in a real browser: its charts draw,
// small cells read 비공개, its stylesheet loads under the CSP, and nothing
// on it reports an error.
func TestStatsPageInBrowser(t *testing.T) {
	srv, _ := httpEnv(t, 6)
	b := browsertest.New(t)
	b.Header(t, "Authorization", "Bearer "+RoleStatistician)
	b.Open(t, srv.URL+"/healthcare/stats")
	if n := b.Count(t, "svg"); n < 2 {
		t.Errorf("%d charts drawn", n)
	}
	if body := b.Text(t, "body"); !strings.Contains(body, "비공개") || !strings.Contains(body, "종로구") {
		t.Errorf("page text lacks the suppressed and the published cells")
	}
	if n := b.Count(t, `link[rel="stylesheet"]`); n != 1 {
		t.Errorf("%d stylesheets", n)
	}
	b.Clean(t)
}
