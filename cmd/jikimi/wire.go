package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"

	"jikimi/audit"
	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/healthcare/devices"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/password"
	"jikimi/policy"
	"jikimi/staff"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/welfare/cases"
)

// defaultPublicURL is the portal's address when --public-url is not set:
// serve's default listening address.
const defaultPublicURL = "http://127.0.0.1:8080"

// checkPublicURL refuses a public address a link could not be built on:
// an absolute http or https URL with a host and no query or fragment.
func checkPublicURL(s string) (string, error) {
	if s == "" {
		return defaultPublicURL, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("want an absolute http(s) address such as https://www.bokjiro.go.kr, without query or fragment, got %q", s)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

func (c *Config) keyringPath() string {
	if c.Keyring != "" {
		return c.Keyring
	}
	return filepath.Join(c.Data, "keyring.json")
}

// app is the system wired together.
type app struct {
	clk       clock.Clock
	policies  *policy.Registry
	st        store.Store
	ring      *keys.Keyring
	ringPath  string // the keyring's file, read again by the readiness check
	log       *audit.Log
	vault     *vault.Vault
	staff     *staff.Service
	hasher    *password.Hasher  // shared by staff and citizen logins: one cap on Argon2id memory
	citizens  *citizen.Accounts // citizens' logins and sessions, shared by every service
	devices   *devices.Registry // healthcare participants' linked watches and their tokens
	hcPoints  *healthcarePoints // the points ledger and its partners, shared by the API and the pages (mount_healthcare_points.go)
	bokjiro   *bokjiroServices  // 복지로 membership, alerts, newsletter: shared by the portal and rights (mount_bokjiro_members.go)
	cases     *cases.Cases      // 복지로 cases: shared by the cases API and the pages (mount_bokjiro_cases.go)
	jobs      *jobs.Queue       // background work: services register their handlers and periodic runs; serve starts it
	logger    *slog.Logger
	publicURL string   // the portal's public address (--public-url), for links in mails
	metrics   *metrics // the registry serve's --metrics-addr serves (metrics.go)
}

// once is the system's one service held at *p, made by build for the
// first mount that asks: the mounts that share it (a service's API and its
// pages, rights) get the same one, and its job handlers are registered once.
func once[T any](p **T, build func() (*T, error)) (*T, error) {
	if *p == nil {
		v, err := build()
		if err != nil {
			return nil, err
		}
		*p = v
	}
	return *p, nil
}

// maxConcurrentHashes bounds Argon2id memory under a login flood: 4 × 19 MiB.
const maxConcurrentHashes = 4

// openApp loads the policies (refusing any that do not lint), opens the
// store, the keyring (creating it on first start), the access log, the
// gate and the staff service, as the validated configuration c says.
func openApp(ctx context.Context, e env, c *Config, clk clock.Clock) (*app, error) {
	reg, err := loadPolicies(c.Policies)
	if err != nil {
		return nil, refuse(e, err)
	}
	st, err := c.openStore(ctx, clk)
	if err != nil {
		return nil, err
	}
	if err := c.checkAuditKeysApart(); err != nil {
		st.Close()
		return nil, err
	}
	sys := &app{clk: clk, policies: reg, st: st, logger: c.logger(e), publicURL: c.PublicURL, metrics: newMetrics()}
	if err := sys.wire(ctx, c.keyringPath(), c.auditKeysDir()); err != nil {
		st.Close()
		return nil, err
	}
	return sys, nil
}

func (s *app) wire(ctx context.Context, keyringPath, auditKeys string) error {
	ring, err := keys.LoadOrGenerate(keyringPath, s.clk, rand.Reader)
	if err != nil {
		return err
	}
	s.ring, s.ringPath = ring, keyringPath
	if s.log, err = openAuditLog(ctx, s.st.SQL(), ring, auditKeys, s.clk); err != nil {
		return err
	}
	s.vault, err = vault.Open(ctx, vault.Config{
		SQL: s.st.SQL(), Policies: s.policies, Keys: ring, Index: ring.BlindIndexer(), Log: s.log, Clock: s.clk,
		Decided: s.metrics.decided,
	})
	if err != nil {
		return err
	}
	s.hasher = password.NewHasher(password.MinParams(), maxConcurrentHashes, rand.Reader)
	s.devices = devices.New(devices.Config{Vault: s.vault, SQL: s.st.SQL(), Clock: s.clk})
	s.citizens = citizen.New(citizen.Config{Vault: s.vault, SQL: s.st.SQL(), Clock: s.clk, Hasher: s.hasher})
	s.staff, err = staff.New(staff.Config{SQL: s.st.SQL(), Clock: s.clk, Wrapper: ring, Hasher: s.hasher, Policies: s.policies})
	if err != nil {
		return err
	}
	if s.jobs, err = jobs.New(jobs.Config{SQL: s.st.SQL(), Clock: s.clk, Log: s.logger, Failed: s.metrics.failed}); err != nil {
		return err
	}
	s.metrics.observe(s)
	return nil
}

func (s *app) Close() error { return s.st.Close() }

// ready is /readyz's check: the database answers, and the keyring in use
// and the keyring file (what a restart would load) unseal its canary.
func (s *app) ready(ctx context.Context) error {
	return s.vault.Ready(ctx, func() (vault.Wrapper, error) { return keys.Load(s.ringPath) })
}
