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
	"jikimi/partners/notify"
	"jikimi/web"
)

// mountHealthcarePoints: healthcare points, partner provision and city
// information: the ledger, the card company, the two partners, and their
// routes under /api/v1/healthcare/. Every 10 minutes the daily and weekly
// accrual jobs are inserted (unique by day: each runs once); hourly, the
// conversions are reconciled with the card company.
func mountHealthcarePoints(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	hp, err := sys.healthcarePoints(conn)
	if err != nil {
		return web.Mount{}, err
	}
	sys.jobs.Every("points.schedule", 10*time.Minute, func(ctx context.Context, _ time.Time) error {
		return hp.svc.Schedule(ctx)
	})
	sys.jobs.Every("points.reconcile", time.Hour, func(ctx context.Context, _ time.Time) error {
		return reconcile(ctx, sys.logger, hp.svc)
	})
	w := &pointsvc.Web{Points: hp.svc, Provider: hp.provider, City: hp.city, Citizens: sys.citizens, Staff: sys.staff}
	return w.Mount(), nil
}

// healthcarePoints is the system's one points ledger with its partners,
// made by the first mount that asks (the JSON API's and the pages').
func (sys *app) healthcarePoints(conn *connectors) (*healthcarePoints, error) {
	return once(&sys.hcPoints, func() (*healthcarePoints, error) { return newHealthcarePoints(sys, conn) })
}

// healthcarePoints is the points ledger (its conversion and run jobs'
// handlers registered), the provision consents and the partners' clients.
type healthcarePoints struct {
	svc      *pointsvc.Service
	rules    *points.Rules
	consents *provision.Consents
	clients  map[string]*partners.Client
	provider *provision.Provider
	city     *cityinfo.Targeting
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
	hp := &healthcarePoints{clients: clients, consents: &provision.Consents{Vault: sys.vault, Policies: sys.policies, Clock: sys.clk}}
	hp.svc = pointsvc.New(pointsvc.Config{
		SQL: sys.st.SQL(), Vault: sys.vault, Clock: sys.clk, Rules: rules, Steps: pointsvc.Summaries{Vault: sys.vault},
		Card: card.HTTP{Client: clients["card-company"]}, Jobs: sys.jobs, Consents: hp.consents,
	})
	hp.svc.HandleRuns(sys.jobs)
	hp.rules = rules
	hp.provider = &provision.Provider{Consents: hp.consents, NewKey: func() (string, error) { return ids.New(nil, "pv_") },
		Recipients: map[string]provision.Recipient{
			"korea-body-info": bodyinfo.HTTP{Client: clients["korea-body-info"]},
			"maeum-suup":      maeum.HTTP{Client: clients["maeum-suup"]},
		}}
	sms, err := gateway(sys, conn, notify.SMS)
	if err != nil {
		return nil, err
	}
	hp.city = &cityinfo.Targeting{SQL: sys.st.SQL(), Vault: sys.vault, Policies: sys.policies, Clock: sys.clk, Jobs: sys.jobs, SMS: sms}
	jobs.Handle(sys.jobs, hp.city.Deliver)
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

// reconcile runs one reconciliation and logs what it found.
func reconcile(ctx context.Context, log *slog.Logger, svc *pointsvc.Service) error {
	r, err := svc.Reconcile(ctx)
	switch {
	case err != nil:
		return err
	case len(r.Problems) > 0:
		log.Warn("points: reconciliation found problems", "checked", r.Checked, "settled", r.Settled, "refunded", r.Refunded, "problems", len(r.Problems))
	case r.Settled+r.Refunded > 0:
		log.Info("points: reconciliation repaired conversions", "settled", r.Settled, "refunded", r.Refunded)
	}
	return nil
}
