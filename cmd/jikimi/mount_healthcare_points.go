package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/points"
	"jikimi/healthcare/pointsvc"
	"jikimi/healthcare/provision"
	"jikimi/ids"
	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/bodyinfo"
	"jikimi/partners/card"
	"jikimi/partners/maeum"
	"jikimi/web"
)

// Healthcare points, partner provision and city information: the ledger
// and its scheduled runs, the card company, the two partners, and their
// routes under /api/v1/healthcare/.
func init() {
	mounters = append(mounters, mountHealthcarePoints)
}

func mountHealthcarePoints(ctx context.Context, sys *app, conn *connectors) (web.Mount, error) {
	hp, err := sys.healthcarePoints(conn)
	if err != nil {
		return web.Mount{}, err
	}
	go healthcarePointsWork(ctx, conn.log, hp.svc, hp.conversions, hp.runs)
	w := &pointsvc.Web{Points: hp.svc, Provider: hp.provider, City: hp.city, Citizens: sys.citizens, Staff: sys.staff}
	return w.Mount(), nil
}

// healthcarePoints is the system's one points ledger with its partners,
// made by the first mount that asks (the JSON API's and the pages').
func (sys *app) healthcarePoints(conn *connectors) (*healthcarePoints, error) {
	if sys.hcPoints == nil {
		hp, err := newHealthcarePoints(sys, conn)
		if err != nil {
			return nil, err
		}
		sys.hcPoints = hp
	}
	return sys.hcPoints, nil
}

// healthcarePoints is the points ledger with its two queues (conversions;
// the daily and weekly runs), the provision consents and the partners'
// clients, with no background work started.
type healthcarePoints struct {
	svc               *pointsvc.Service
	rules             *points.Rules
	conversions, runs *jobs.Queue
	consents          *provision.Consents
	clients           map[string]*partners.Client
	provider          *provision.Provider
	city              *cityinfo.Targeting
}

func newHealthcarePoints(sys *app, conn *connectors) (*healthcarePoints, error) {
	clients, err := healthcarePartners(sys, conn)
	if err != nil {
		return nil, err
	}
	// The example rules until the programme's real figures are configured.
	rules, err := points.Load(points.Example)
	if err != nil {
		return nil, err
	}
	hp := &healthcarePoints{clients: clients, consents: &provision.Consents{Vault: sys.vault, Policies: sys.policies, Clock: sys.clk},
		conversions: jobs.New(jobs.Config{SQL: sys.st.SQL(), Clock: sys.clk}),
		runs:        jobs.New(jobs.Config{SQL: sys.st.SQL(), Clock: sys.clk, Lease: pointsvc.RunLease})}
	hp.svc = pointsvc.New(pointsvc.Config{
		SQL: sys.st.SQL(), Vault: sys.vault, Clock: sys.clk, Rules: rules, Steps: pointsvc.Summaries{Vault: sys.vault},
		Card: card.HTTP{Client: clients["card-company"]}, Jobs: hp.conversions, Consents: hp.consents,
	})
	hp.svc.HandleRuns(hp.runs)
	hp.rules = rules
	hp.provider = &provision.Provider{Consents: hp.consents, NewKey: func() (string, error) { return ids.New(nil, "pv_") },
		Recipients: map[string]provision.Recipient{
			"korea-body-info": bodyinfo.HTTP{Client: clients["korea-body-info"]},
			"maeum-suup":      maeum.HTTP{Client: clients["maeum-suup"]},
		}}
	hp.city = &cityinfo.Targeting{SQL: sys.st.SQL(), Vault: sys.vault, Policies: sys.policies, Clock: sys.clk}
	return hp, nil
}

// healthcarePartners are the signed clients of the card company and the
// two partners, each on its --connector URL or its loopback simulator.
func healthcarePartners(sys *app, conn *connectors) (map[string]*partners.Client, error) {
	sims := map[string]http.Handler{"card-company": card.NewSim(), "korea-body-info": bodyinfo.NewSim(), "maeum-suup": maeum.NewSim()}
	out := map[string]*partners.Client{}
	for name, sim := range sims {
		url, err := conn.URL(name, partners.Verified(sys.ring.PublicKey(), sys.clk, sim))
		if err != nil {
			return nil, err
		}
		out[name] = &partners.Client{Name: name, Base: url, Key: sys.ring.SigningKey(), Clock: sys.clk}
	}
	return out, nil
}

// healthcarePointsWork runs the conversion jobs, schedules and runs the
// daily and weekly accruals, and reconciles conversions with the card
// company every hour, until ctx ends. It logs counts only.
func healthcarePointsWork(ctx context.Context, log *slog.Logger, svc *pointsvc.Service, conversions, runs *jobs.Queue) {
	go func() {
		if err := conversions.Work(ctx, 5*time.Second, 20); err != nil {
			log.Error("points: conversion worker stopped", "err", err)
		}
	}()
	go func() {
		if err := runs.Work(ctx, time.Minute, 1); err != nil {
			log.Error("points: run worker stopped", "err", err)
		}
	}()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for tick := 0; ; tick++ {
		if err := svc.Schedule(ctx); err != nil && ctx.Err() == nil {
			log.Error("points: scheduling the runs failed", "err", err)
		}
		if tick%6 == 5 {
			reconcile(ctx, log, svc)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reconcile runs one reconciliation and logs what it found.
func reconcile(ctx context.Context, log *slog.Logger, svc *pointsvc.Service) {
	r, err := svc.Reconcile(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("points: reconciliation failed", "err", err)
	case len(r.Problems) > 0:
		log.Warn("points: reconciliation found problems", "checked", r.Checked, "settled", r.Settled, "refunded", r.Refunded, "problems", len(r.Problems))
	case r.Settled+r.Refunded > 0:
		log.Info("points: reconciliation repaired conversions", "settled", r.Settled, "refunded", r.Refunded)
	}
}
