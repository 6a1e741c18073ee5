package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"jikimi/audit/audithttp"
	"jikimi/clock"
	"jikimi/demo"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/store/open"
	"jikimi/web"
)

// openStore opens the database the configuration names.
func (c *Config) openStore(ctx context.Context, clk clock.Clock) (store.Store, error) {
	if err := c.needDataDir(); err != nil {
		return nil, err
	}
	return open.Open(ctx, open.Config{DataDir: c.Data, DSN: c.DB, Migrate: c.Migrate, Clock: clk, Progress: c.progress})
}

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlags("migrate", e)
	cfg := addConfig(fs, e, storageScope)
	fs.BoolVar(&cfg.create, "create", false, "create the --data folder and a new database when missing")
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	cfg.Migrate = true
	st, err := cfg.openStore(ctx, clock.System{})
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
	cfg := addConfig(fs, e, serveScope)
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	log := sys.logger
	defer closeAuditLog(sys, log)
	sys.log.ReportWitnessErrors(func(err error) { log.Warn("access log: a witness did not cosign", "err", err) })
	if err := checkPolicyIDs(sys.policies, sys.clk.Now()); err != nil {
		return err
	}
	if err := publish(ctx, sys.st, sys.policies, sys.clk); err != nil {
		return err
	}
	if cfg.Demo {
		if _, err := demo.Seed(ctx, demo.Deps{Vault: sys.vault, Staff: sys.staff, Clock: sys.clk, Accounts: sys.citizens, Devices: sys.devices, SQL: sys.st.SQL(), Jobs: sys.jobs}, demoPath(cfg)); err != nil {
			return fmt.Errorf("seeding demo content: %w", err)
		}
		fmt.Fprintln(e.stdout, "jikimi: demo content ready: `jikimi demo credentials` prints the logins")
	}
	go runCheckpointer(ctx, sys, log)
	conn := &connectors{urls: cfg.Connectors, log: log}
	defer conn.Close()
	srv, err := server(ctx, sys, conn, log)
	if err != nil {
		return err
	}
	srv.Demo = cfg.Demo
	if u := conn.inbox(); cfg.Demo && u != "" {
		fmt.Fprintf(e.stdout, "jikimi: demo: texts and e-mails sent (sign-up codes, notices) are at %s\n", u)
	}
	if err := scheduleDestruction(sys); err != nil {
		return err
	}
	if err := sys.jobs.Start(ctx); err != nil {
		return err
	}
	defer stopJobs(sys, log)
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(e, cfg.MetricsAddr, sys.metrics, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	return listenTLS(ctx, e, cfg.Addr, tlsFiles{cfg.TLSCert, cfg.TLSKey}, h, log)
}

// listeningURL is serve's own address as a public URL, when it names one
// (a host that is not a wildcard, a fixed port); "" otherwise, which is
// the default public URL.
func listeningURL(addr string, tls bool) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "0" || host == "" {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return ""
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// closeAuditLog signs the entries appended before the server stopped, so a
// graceful stop leaves no unsigned tail.
func closeAuditLog(sys *app, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sys.log.Close(ctx); err != nil {
		log.Error("access log: the shutdown checkpoint failed", "err", err)
	}
}

// server is the HTTP server serve runs: every service's mount and the
// access log's checkpoint. `jikimi openapi` writes its document.
func server(ctx context.Context, sys *app, conn *connectors, log *slog.Logger) (*web.Server, error) {
	mounts, err := mountServices(ctx, sys, conn)
	if err != nil {
		return nil, err
	}
	mounts = append(mounts, audithttp.Mount(sys.log))
	return &web.Server{Policies: sys.policies, Clock: sys.clk, Log: log, Mounts: mounts, Metrics: sys.metrics.reg, Ready: sys.ready}, nil
}

// runCheckpointer signs access-log checkpoints until ctx ends.
func runCheckpointer(ctx context.Context, sys *app, log *slog.Logger) {
	if err := sys.log.Run(ctx); err != nil && ctx.Err() == nil {
		log.Error("access-log checkpointer stopped", "err", err)
	}
}

// stopJobs lets running jobs finish for up to 10 seconds; a job cut short
// runs again (River rescues it), so stopping never loses work.
func stopJobs(sys *app, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sys.jobs.Stop(ctx); err != nil {
		log.Warn("jobs: stopped before every running job finished", "err", errs.Code(err))
	}
}

func demoPath(c *Config) string { return filepath.Join(c.Data, "demo-credentials.json") }

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
	return listenTLS(ctx, e, addr, tlsFiles{}, h, log)
}

// tlsFiles are serve's --tls-cert and --tls-key: both, or neither (plain
// HTTP, for a TLS-terminating proxy in front or the loopback demo).
type tlsFiles struct{ cert, key string }

// listenTLS serves until ctx ends, then shuts down gracefully; with TLS
// files it serves HTTPS.
func listenTLS(ctx context.Context, e env, addr string, t tlsFiles, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := web.DefaultTimeouts().Server(h, slog.NewLogLogger(log.Handler(), slog.LevelWarn))
	scheme := "http"
	if t.cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "jikimi: listening on %s://%s\n", scheme, ln.Addr())
	done := make(chan error, 1)
	go func() {
		if t.cert != "" {
			done <- srv.ServeTLS(ln, t.cert, t.key)
			return
		}
		done <- srv.Serve(ln)
	}()
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
