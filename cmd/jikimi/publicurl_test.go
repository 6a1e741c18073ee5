package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"jikimi/clock"
)

// The newsletter's unsubscribe links name the portal's public address
// from --public-url (or JIKIMI_PUBLIC_URL), not a fixed one; serve's own
// fixed address when none is set; a malformed address is refused, and
// jikimi config prints it.
func TestPublicURLNamesTheLinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	link := func(public string) string {
		t.Helper()
		cfg := testConfig(t, "--data", t.TempDir(), "--public-url", public)
		sys, err := openApp(ctx, env{getenv: noEnv}, cfg, clock.System{})
		if err != nil {
			t.Fatal(err)
		}
		defer sys.Close()
		conn := &connectors{urls: connectorFlag{}, log: slog.New(slog.DiscardHandler)}
		defer conn.Close()
		b, err := sys.bokjiroShared(conn)
		if err != nil {
			t.Fatal(err)
		}
		return b.newsletter.UnsubscribeLink("sub_x")
	}
	if got := link("https://www.bokjiro.example/"); !strings.HasPrefix(got, "https://www.bokjiro.example/bokjiro/newsletter/unsubscribe?") {
		t.Fatalf("with --public-url: %s", got)
	}
	if got := link(""); !strings.HasPrefix(got, "http://127.0.0.1:8080/bokjiro/newsletter/unsubscribe?") {
		t.Fatalf("by default: %s", got)
	}
	for _, bad := range []string{"www.bokjiro.example", "ftp://x.example", "https://x.example/?a=1", "https://"} {
		if _, _, err := runCmd(t, "config", "--public-url", bad); exitStatus(err) != 2 || !strings.Contains(err.Error(), "--public-url") {
			t.Fatalf("%q: %v", bad, err)
		}
	}
	out, _, err := runCmd(t, "config", "--public-url", "https://www.bokjiro.example")
	if err != nil || !strings.Contains(out, "public-url   https://www.bokjiro.example") {
		t.Fatalf("config: %q %v", out, err)
	}
	for addr, want := range map[string]string{"127.0.0.1:9090": "http://127.0.0.1:9090", "127.0.0.1:0": "", "0.0.0.0:8080": "", ":8080": ""} {
		if got := listeningURL(addr, false); got != want {
			t.Fatalf("listeningURL(%q) = %q, want %q", addr, got, want)
		}
	}
}
