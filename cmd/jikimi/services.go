package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"

	"jikimi/partners"
	"jikimi/partners/notify"
	"jikimi/web"
)

// mounter builds one service (in its own mount_<service>.go) from the
// wired system: its routes, and its job handlers and periodic runs
// registered on sys.jobs. It starts nothing: serve starts the queue once
// every service is mounted.
type mounter func(ctx context.Context, sys *app, conn *connectors) (web.Mount, error)

// services is every service the server runs, in mount order: adding a
// service is adding its line here.
func services() []mounter {
	return []mounter{
		mountBokjiroCases,
		mountBokjiroMembers,
		mountBokjiroPages,
		mountCitizen,
		mountHealthcareEnrol,
		mountHealthcarePages,
		mountHealthcarePoints,
		mountHealthcareStats,
		mountHealthcareConsult,
		mountHealthcareContent,
		mountHealthcareSurvey,
		mountHealthcareSync,
		mountShipping,
		mountRights,
		mountMyData,
		mountStaff,
		mountConsole,
	}
}

func mountServices(ctx context.Context, sys *app, conn *connectors) ([]web.Mount, error) {
	var mounts []web.Mount
	for _, m := range services() {
		mount, err := m(ctx, sys, conn)
		if err != nil {
			return nil, err
		}
		mounts = append(mounts, mount)
	}
	return mounts, nil
}

// connectorFlag is the repeatable --connector NAME=URL.
type connectorFlag map[string]string

// String is the connectors as `jikimi config` prints them: NAME=URL, by
// name, with any password in a URL redacted.
func (c connectorFlag) String() string {
	kv := make([]string, 0, len(c))
	for name, u := range c {
		kv = append(kv, name+"="+redactURL(u))
	}
	sort.Strings(kv)
	return strings.Join(kv, ",")
}

func (c connectorFlag) Set(v string) error {
	name, url, ok := strings.Cut(v, "=")
	if !ok || name == "" || !(strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://")) {
		return fmt.Errorf("want NAME=http(s)://HOST:PORT, got %q", v)
	}
	c[name] = strings.TrimSuffix(url, "/")
	return nil
}

// connectors resolves each outside system's address: the one given with
// --connector, or else a loopback simulator started here (the embedded
// default, so the product runs with nothing else installed).
type connectors struct {
	urls connectorFlag
	log  *slog.Logger

	mu     sync.Mutex
	sims   []*partners.Loopback
	shared map[string]string // name -> URL of a simulator several services use
	notify http.Handler      // the SMS and e-mail gateways' one simulator
}

// Shared is URL for a system several services use: the simulator, when
// one is needed, is started once and every caller gets the same one.
func (c *connectors) Shared(name string, sim func() http.Handler) (string, error) {
	c.mu.Lock()
	u, ok := c.shared[name]
	c.mu.Unlock()
	if ok {
		return u, nil
	}
	u, err := c.URL(name, sim())
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shared == nil {
		c.shared = map[string]string{}
	}
	if first, ok := c.shared[name]; ok {
		return first, nil
	}
	c.shared[name] = u
	return u, nil
}

// notifySim is the one simulator of the SMS and e-mail gateways.
func (c *connectors) notifySim(sys *app) http.Handler {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notify == nil {
		c.notify = notify.NewSim(sys.ring.PublicKey(), sys.clk)
	}
	return c.notify
}

// inbox is where a demo user reads what the gateways' simulator delivered
// (codes, notices, newsletters), or "" when real gateways are configured.
func (c *connectors) inbox() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notify == nil {
		return ""
	}
	for _, name := range []string{string(notify.SMS), string(notify.Email)} {
		if _, real := c.urls[name]; !real && c.shared[name] != "" {
			return c.shared[name] + "/v1/inbox"
		}
	}
	return ""
}

// URL returns the address of the named system, starting sim on 127.0.0.1
// when none was configured.
func (c *connectors) URL(name string, sim http.Handler) (string, error) {
	if u, ok := c.urls[name]; ok {
		return u, nil
	}
	lb, err := partners.Listen(sim)
	if err != nil {
		return "", fmt.Errorf("connector %s: %w", name, err)
	}
	c.mu.Lock()
	c.sims = append(c.sims, lb)
	c.mu.Unlock()
	c.log.Info("connector uses its loopback simulator", "connector", name, "url", lb.URL)
	return lb.URL, nil
}

// Close stops the simulators.
func (c *connectors) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.sims {
		s.Close()
	}
	c.sims = nil
}
