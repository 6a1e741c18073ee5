package main

import (
	"context"
	"net/http"
	"time"

	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/notify"
	"jikimi/partners/socialsecurity"
	"jikimi/web"
	"jikimi/welfare/alerts"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
	"jikimi/welfare/portal"
)

// How often the 복지알림이's background work looks for something to do:
// the run matches each subscriber once a day (a later pass the same day
// finds nothing pending), and the outbox sends alerts as they come.
const (
	alertRunEvery  = time.Hour
	alertSendEvery = 10 * time.Second
)

// Bokjiro membership, 생애주기별 복지알림이 and newsletter.
func init() {
	mounters = append(mounters, func(ctx context.Context, sys *app, conn *connectors) (web.Mount, error) {
		b, err := sys.bokjiroShared(conn)
		if err != nil {
			return web.Mount{}, err
		}
		startAlerts(ctx, b, sys, conn)
		h := &portal.HTTP{Members: b.members, Alerts: b.alerts, Newsletter: b.newsletter, Citizens: sys.citizens}
		return h.Mount(), nil
	})
}

// bokjiroShared is the system's one 복지로 membership, alerts and
// newsletter, made by the first mount that asks: a representative's
// verification started on the portal is checked by the rights requests.
func (sys *app) bokjiroShared(conn *connectors) (*bokjiroServices, error) {
	if sys.bokjiro == nil {
		b, err := bokjiroMembership(sys, conn)
		if err != nil {
			return nil, err
		}
		sys.bokjiro = b
	}
	return sys.bokjiro, nil
}

// bokjiroServices are membership, the 복지알림이 and the newsletter, wired
// to their connectors (the notification gateways, the social-security
// information system) but with no background work started.
type bokjiroServices struct {
	members    *members.Service
	alerts     *alerts.Service
	newsletter *newsletter.Service
}

func bokjiroMembership(sys *app, conn *connectors) (*bokjiroServices, error) {
	email, err := gateway(sys, conn, notify.Email)
	if err != nil {
		return nil, err
	}
	sms, err := gateway(sys, conn, notify.SMS)
	if err != nil {
		return nil, err
	}
	ss, err := connectorClient(sys, conn, "socialsecurity", socialsecurity.NewSim(sys.ring.PublicKey(), sys.clk))
	if err != nil {
		return nil, err
	}
	id, err := identityConnector(sys, conn)
	if err != nil {
		return nil, err
	}
	mem, err := members.New(members.Config{Vault: sys.vault, Hasher: sys.citizens, Clock: sys.clk, SMS: sms, Social: socialsecurity.HTTP{Client: ss},
		Identity: id})
	if err != nil {
		return nil, err
	}
	cat, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		return nil, err
	}
	al, err := alerts.New(alerts.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Catalogue: cat, Email: email, SMS: sms})
	if err != nil {
		return nil, err
	}
	nl := newsletter.New(sys.vault, sys.clk)
	nl.Mail(newsletter.Mailing{SQL: sys.st.SQL(), Email: email, Links: sys.ring.LinkMAC("newsletter unsubscribe"), Public: publicURL})
	return &bokjiroServices{members: mem, alerts: al, newsletter: nl}, nil
}

func gateway(sys *app, conn *connectors, ch notify.Channel) (notify.Gateway, error) {
	c, err := connectorClient(sys, conn, string(ch), notify.NewSim(sys.ring.PublicKey(), sys.clk))
	return notify.Gateway{Channel: ch, Client: c}, err
}

// connectorClient is a signed client of the named outside system: the
// configured one, or its loopback simulator.
func connectorClient(sys *app, conn *connectors, name string, sim http.Handler) (*partners.Client, error) {
	url, err := conn.URL(name, sim)
	if err != nil {
		return nil, err
	}
	return &partners.Client{Name: name, Base: url, Key: sys.ring.SigningKey(), Clock: sys.clk}, nil
}

// startAlerts starts the 복지알림이's daily run and its sending outbox;
// both stop with ctx.
func startAlerts(ctx context.Context, b *bokjiroServices, sys *app, conn *connectors) {
	q := alertsOutbox(sys, b)
	go func() {
		if err := q.Work(ctx, alertSendEvery, 50); err != nil {
			conn.log.Error("welfare alerts: outbox stopped", "err", err)
		}
	}()
	go runAlertsDaily(ctx, b.alerts, conn)
}

// alertsOutbox is the queue that sends the 복지알림이's alerts and the
// newsletter's issues.
func alertsOutbox(sys *app, b *bokjiroServices) *jobs.Queue {
	q := jobs.New(jobs.Config{SQL: sys.st.SQL(), Clock: sys.clk})
	q.Handle(alerts.JobKind, b.alerts.Send)
	q.Handle(newsletter.JobKind, b.newsletter.Send)
	return q
}

// publicURL is the portal's address as mail links name it: serve's
// default listening address. (A deployment behind a public name needs a
// setting for it: not yet.)
const publicURL = "http://127.0.0.1:8080"

func runAlertsDaily(ctx context.Context, al *alerts.Service, conn *connectors) {
	t := time.NewTicker(alertRunEvery)
	defer t.Stop()
	for {
		if stats, err := al.Run(ctx); err != nil && ctx.Err() == nil {
			conn.log.Error("welfare alerts: run failed", "err", err)
		} else if stats.Matched > 0 {
			conn.log.Info("welfare alerts: run", "matched", stats.Matched, "alerted", stats.Alerted, "skipped", stats.Skipped)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
