package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"jikimi/clock"
)

// runOpenAPI writes the OpenAPI document exactly as the server serves it at
// /openapi.yaml: the base document with every mounted service's fragment
// merged in (each path item names its mount in x-jikimi-mount). CI lints
// it (.ci/run), so that every service's fragment is linted as served.
func runOpenAPI(ctx context.Context, e env, args []string) error {
	fs := newFlags("openapi", e)
	cfg := addConfig(fs, e, systemScope)
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops whatever the mounts started
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	conn := &connectors{urls: cfg.Connectors, log: log}
	defer conn.Close()
	srv, err := server(ctx, sys, conn, log)
	if err != nil {
		return err
	}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/openapi.yaml", nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET /openapi.yaml answered %d", rec.Code)
	}
	if *out == "" {
		_, err = e.stdout.Write(rec.Body.Bytes())
		return err
	}
	return os.WriteFile(*out, rec.Body.Bytes(), 0o644)
}
