package audithttp

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"jikimi/audit"
	"jikimi/web"
)

func TestCheckpointRoute(t *testing.T) {
	var latest *audit.Checkpoint
	m := Mount(func(context.Context) (*audit.Checkpoint, error) { return latest, nil })
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	h, err := (&web.Server{Log: slog.New(slog.DiscardHandler), Mounts: []web.Mount{m}}).Handler()
	if err != nil {
		t.Fatal(err)
	}
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/audit/checkpoint", nil))
		b, _ := io.ReadAll(rec.Body)
		return rec.Code, string(b)
	}
	if code, _ := get(); code != http.StatusNotFound {
		t.Fatalf("before any checkpoint: %d", code)
	}
	latest = &audit.Checkpoint{Size: 3, Note: []byte("jikimi access log\n3\n...\n")}
	if code, body := get(); code != http.StatusOK || body != string(latest.Note) {
		t.Fatalf("GET: %d %q", code, body)
	}
}
