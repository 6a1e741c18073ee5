package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/demo"
)

// A demo participant's linked watch syncs through the real server; an
// unknown token is refused.
func TestHealthcareSyncEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, cfg, creds := seededApp(t, func(sys *app) demo.Deps { return demo.Deps{Vault: sys.vault, Staff: sys.staff} })
	subject := demoCitizen(t, creds, "participant 1").Subject
	_, token, err := sys.devices.Link(ctx, subject, "127.0.0.1")
	sys.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--data", cfg.Data)
	at := clock.System{}.Now().Add(-time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339)
	point := fmt.Sprintf(`[{"header":{"id":"e2e-1","creation_date_time":%q,"schema_id":{"namespace":"omh","name":"heart-rate","version":"2.0"}},`+
		`"body":{"heart_rate":{"value":64,"unit":"beats/min"},"effective_time_frame":{"date_time":%q}}}]`, at, at)
	for _, c := range []struct {
		token string
		want  int
		body  string
	}{
		{token, 200, `"accepted":1`},
		{token, 200, `"duplicate":1`},
		{"not-a-token", 403, `"unknown_device"`},
	} {
		req, _ := http.NewRequest("POST", s.url+"/api/v1/healthcare/sync", strings.NewReader(point))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.want || !strings.Contains(string(out), c.body) {
			t.Fatalf("status %d: %s", res.StatusCode, out)
		}
	}
}
