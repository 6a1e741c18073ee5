package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"jikimi/clock"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/store/open"
	"jikimi/web"
)

// storeFlags are the storage flags every storage command takes.
type storeFlags struct {
	data, db string
	migrate  bool
}

func addStoreFlags(fs *flag.FlagSet, e env) *storeFlags {
	s := &storeFlags{}
	fs.StringVar(&s.data, "data", "./jikimi-data", "folder of the embedded SQLite database")
	fs.StringVar(&s.db, "db", e.getenv("JIKIMI_DB"), "PostgreSQL DSN (postgres://...); overrides --data")
	fs.BoolVar(&s.migrate, "migrate", false, "migrate an outdated database schema before starting")
	return s
}

func (s *storeFlags) open(ctx context.Context, clk clock.Clock) (store.Store, error) {
	return open.Open(ctx, open.Config{DataDir: s.data, DSN: s.db, Migrate: s.migrate, Clock: clk})
}

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlags("migrate", e)
	sf := addStoreFlags(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	sf.migrate = true
	st, err := sf.open(ctx, clock.System{})
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database schema at version %d\n", v)
	return nil
}

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags("serve", e)
	sf := addStoreFlags(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "HOST:PORT to listen on (port 0 picks a free one)")
	demo := fs.Bool("demo", false, "load demo content")
	dir := fs.String("policies", "", "folder of declarations (default: the embedded ones)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	clk := clock.System{}
	reg, err := loadPolicies(*dir)
	if err != nil {
		return refuse(e, err)
	}
	st, err := sf.open(ctx, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := publish(ctx, st, reg, clk); err != nil {
		return err
	}
	_ = demo // demo people and staff arrive with the gate; the published policies are the demo content today
	srv := &web.Server{Policies: reg, Clock: clk, Log: log}
	return listen(ctx, e, *addr, srv.Handler(), log)
}

// refuse prints lint problems and refuses to start.
func refuse(e env, err error) error {
	var ps policy.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(e.stderr, p)
		}
		return exitError{1, "refusing to start: the policy declarations above have problems"}
	}
	return fmt.Errorf("refusing to start: %w", err)
}

// publish records every declared version as published; a version whose text
// changed after it was published refuses the start (publish a new version).
func publish(ctx context.Context, st store.Store, reg *policy.Registry, clk clock.Clock) error {
	for _, svc := range reg.Services() {
		for _, p := range reg.Declared(svc) {
			err := st.RecordPublication(ctx, store.Publication{
				Service: p.Service, Version: p.Version, Effective: p.Effective.Time,
				SHA256: p.SHA256, PublishedAt: clk.Now(),
			})
			if err != nil {
				return fmt.Errorf("refusing to start: %w", err)
			}
		}
	}
	return nil
}

// listen serves until ctx ends, then shuts down gracefully.
func listen(ctx context.Context, e env, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(e.stdout, "jikimi: listening on http://%s\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "jikimi: stopped")
	return nil
}
