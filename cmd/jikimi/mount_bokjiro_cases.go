package main

import (
	"context"
	"net/http"
	"time"

	"jikimi/citizen"
	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/complaint"
	"jikimi/partners/insurance"
	"jikimi/partners/notify"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
	"jikimi/welfare/eligibility"
	"jikimi/welfare/members"
)

// mountBokjiroCases: 복지로 cases: online applications, help requests,
// fraud reports (filed with 국민신문고 and 청렴신문고 by a job), welfare
// search and 나의 복지서비스 (the four social-insurance systems); every six
// hours, the sweep of destroyed cases' bookkeeping.
func mountBokjiroCases(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	c, err := shippedCases(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	sys.jobs.Every("bokjiro.cases.sweep", 6*time.Hour, func(ctx context.Context, _ time.Time) error {
		n, err := c.Sweep(ctx, 500)
		if n > 0 {
			sys.logger.Info("bokjiro cases: dropped the bookkeeping of destroyed cases", "cases", n)
		}
		return err
	})
	return c.Mount(cases.Auth{Citizen: bokjiroCitizen(sys), Caseworker: caseworkerOf(sys)}), nil
}

// shippedCases is the system's one casesService with the shipped criteria
// of the mock calculation, made by the first mount that asks (the cases
// API and the 복지로 pages share it, and its job handler is registered once).
func shippedCases(sys *app, conn *connectors) (*cases.Cases, error) {
	return once(&sys.cases, func() (*cases.Cases, error) {
		crit, err := eligibility.Embedded()
		if err != nil {
			return nil, err
		}
		return casesService(sys, conn, crit)
	})
}

// casesService wires the cases to their connectors and the mock
// calculation's criteria, and registers the handlers of its jobs (the
// fraud reports' forwarding, the applications' result notices).
func casesService(sys *app, conn *connectors, crit *eligibility.Criteria) (*cases.Cases, error) {
	cfg := cases.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Policies: sys.policies, Criteria: crit,
		Complaints: map[string]complaint.Filer{}, Insurance: map[insurance.System]insurance.Looker{}, Jobs: sys.jobs}
	if err := connectCases(sys, conn, &cfg); err != nil {
		return nil, err
	}
	id, err := identityConnector(sys, conn)
	if err != nil {
		return nil, err
	}
	cfg.Identity = members.Prover{Vault: sys.vault, Identity: id}
	if cfg.Email, err = gateway(sys, conn, notify.Email); err != nil {
		return nil, err
	}
	if cfg.SMS, err = gateway(sys, conn, notify.SMS); err != nil {
		return nil, err
	}
	c, err := cases.New(cfg)
	if err != nil {
		return nil, err
	}
	jobs.Handle(sys.jobs, c.Forward)
	jobs.Handle(sys.jobs, c.TellResult)
	return c, nil
}

// connectCases resolves the complaint systems (by provision ID) and the
// insurance systems, each to its configured URL or its simulator.
func connectCases(sys *app, conn *connectors, cfg *cases.Config) error {
	client := func(name string, sim http.Handler) (*partners.Client, error) {
		u, err := conn.URL(name, sim)
		return &partners.Client{Name: name, Base: u, Key: sys.ring.SigningKey(), Clock: sys.clk}, err
	}
	for _, id := range []string{"epeople", "clean-portal"} {
		c, err := client(id, (&complaint.Sim{}).Handler(sys.ring.PublicKey(), sys.clk))
		if err != nil {
			return err
		}
		cfg.Complaints[id] = complaint.HTTP{Client: c}
	}
	for _, s := range insurance.Systems {
		c, err := client("insurance-"+string(s), insurance.Sim(s, sys.ring.PublicKey(), sys.clk))
		if err != nil {
			return err
		}
		cfg.Insurance[s] = insurance.HTTP{System: s, Client: c}
	}
	return nil
}

// bokjiroCitizen: a citizen session of 복지로, and no other service's.
func bokjiroCitizen(sys *app) func(*http.Request) (vault.Actor, error) {
	return citizenOf(sys.citizens, cases.Service)
}

// citizenOf: a citizen session of service; another service's session is
// forbidden (other_service).
func citizenOf(a *citizen.Accounts, service string) func(*http.Request) (vault.Actor, error) {
	return func(r *http.Request) (vault.Actor, error) {
		actor, s, err := a.Actor(r)
		if err != nil {
			return vault.Actor{}, err
		}
		if s.Service != service {
			return vault.Actor{}, citizen.OtherService("a session of another service")
		}
		return actor, nil
	}
}

// caseworkerOf: a staff session holding the caseworker role.
func caseworkerOf(sys *app) func(*http.Request) (vault.Actor, error) {
	return func(r *http.Request) (vault.Actor, error) {
		a, _, err := sys.staff.Actor(r, staff.Caseworker)
		return a, err
	}
}
