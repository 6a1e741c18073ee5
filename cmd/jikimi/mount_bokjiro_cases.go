package main

import (
	"context"
	"net/http"
	"time"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/complaint"
	"jikimi/partners/insurance"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
	"jikimi/welfare/eligibility"
	"jikimi/welfare/members"
)

// 복지로 cases: online applications, help requests, fraud reports (filed
// with 국민신문고 and 청렴신문고 by a background worker), welfare search
// and 나의 복지서비스 (the four social-insurance systems).
func init() {
	mounters = append(mounters, func(ctx context.Context, sys *app, conn *connectors) (web.Mount, error) {
		crit, err := eligibility.Embedded()
		if err != nil {
			return web.Mount{}, err
		}
		c, err := casesService(sys, conn, crit)
		if err != nil {
			return web.Mount{}, err
		}
		go workUntilDone(ctx, conn, casesOutbox(sys, c))
		go sweepCases(ctx, conn, c)
		return c.Mount(cases.Auth{Citizen: bokjiroCitizen(sys), Caseworker: caseworkerOf(sys)}), nil
	})
}

// casesService wires the cases to their connectors and the mock
// calculation's criteria, with no background work started.
func casesService(sys *app, conn *connectors, crit *eligibility.Criteria) (*cases.Cases, error) {
	cfg := cases.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Policies: sys.policies, Criteria: crit,
		Complaints: map[string]complaint.Filer{}, Insurance: map[insurance.System]insurance.Looker{}}
	if err := connectCases(sys, conn, &cfg); err != nil {
		return nil, err
	}
	id, err := identityConnector(sys, conn)
	if err != nil {
		return nil, err
	}
	cfg.Identity = members.Prover{Vault: sys.vault, Identity: id}
	return cases.New(cfg)
}

// casesOutbox is the queue that forwards fraud reports.
func casesOutbox(sys *app, c *cases.Cases) *jobs.Queue {
	q := jobs.New(jobs.Config{SQL: sys.st.SQL(), Clock: sys.clk})
	q.Handle(cases.ForwardKind, c.Forward)
	return q
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

// workUntilDone runs the outbox worker until ctx ends, restarting it after
// a storage failure.
func workUntilDone(ctx context.Context, conn *connectors, q *jobs.Queue) {
	for ctx.Err() == nil {
		if err := q.Work(ctx, 2*time.Second, 20); err != nil {
			conn.log.Error("bokjiro cases: outbox worker failed; restarting", "error", errs.Code(err))
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
			}
		}
	}
}

// sweepCases drops, every few hours, the bookkeeping of cases whose data
// the destruction job has destroyed.
func sweepCases(ctx context.Context, conn *connectors, c *cases.Cases) {
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		if n, err := c.Sweep(ctx, 500); err != nil && ctx.Err() == nil {
			conn.log.Error("bokjiro cases: sweep failed", "error", errs.Code(err))
		} else if n > 0 {
			conn.log.Info("bokjiro cases: dropped the bookkeeping of destroyed cases", "cases", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// bokjiroCitizen: a citizen session of 복지로, and no other service's.
func bokjiroCitizen(sys *app) func(*http.Request) (vault.Actor, error) {
	return func(r *http.Request) (vault.Actor, error) {
		actor, s, err := sys.citizens.Actor(r)
		if err != nil {
			return vault.Actor{}, err
		}
		if s.Service != cases.Service {
			e := errs.E(errs.Forbidden, "a session of another service")
			e.Reason = "other_service"
			return vault.Actor{}, e
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
