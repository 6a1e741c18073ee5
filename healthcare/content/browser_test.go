package content

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/web"
	"jikimi/web/browsertest"
)

// The list and an article load cleanly in a real browser under the
// server's headers: the list links every article, following a link opens
// it, and nothing reports an error.
func TestPagesInBrowser(t *testing.T) {
	h, lib := testHTTP(t)
	srv := &web.Server{Clock: clock.System{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Mounts: []web.Mount{h.Mount()}}
	handler, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(handler)
	defer ts.Close()
	b := browsertest.New(t)
	b.Header(t, "Authorization", "Bearer p")
	b.Open(t, ts.URL+"/healthcare/contents")
	if n := b.Count(t, `a[href^="/healthcare/contents/"]`); n != len(lib.List()) {
		t.Errorf("%d article links, want %d", n, len(lib.List()))
	}
	b.Open(t, ts.URL+"/healthcare/contents/sleep-hygiene")
	if h1 := b.Text(t, "h1"); !strings.Contains(h1, "잘 자는 습관") {
		t.Errorf("article h1 %q", h1)
	}
	b.Clean(t)
}
