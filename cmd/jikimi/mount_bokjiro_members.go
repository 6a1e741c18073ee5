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

// mountBokjiroMembers: Bokjiro membership, 생애주기별 복지알림이 and
// newsletter. The 복지알림이's run matches each subscriber once a day (an
// hourly pass finds nothing pending but catches up a day missed); its
// alerts are jobs.
func mountBokjiroMembers(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	b, err := sys.bokjiroShared(conn)
	if err != nil {
		return web.Mount{}, err
	}
	sys.jobs.Every("bokjiro.alerts.run", time.Hour, func(ctx context.Context, _ time.Time) error {
		stats, err := b.alerts.Run(ctx)
		if stats.Matched > 0 {
			sys.logger.Info("welfare alerts: run", "matched", stats.Matched, "alerted", stats.Alerted, "skipped", stats.Skipped)
		}
		return err
	})
	h := &portal.HTTP{Members: b.members, Alerts: b.alerts, Newsletter: b.newsletter, Citizens: sys.citizens}
	return h.Mount(), nil
}

// bokjiroShared is the system's one 복지로 membership, alerts and
// newsletter, made by the first mount that asks: a representative's
// verification started on the portal is checked by the rights requests.
func (sys *app) bokjiroShared(conn *connectors) (*bokjiroServices, error) {
	return once(&sys.bokjiro, func() (*bokjiroServices, error) { return bokjiroMembership(sys, conn) })
}

// bokjiroServices are membership, the 복지알림이 and the newsletter, wired
// to their connectors (the notification gateways, the social-security
// information system), the alerts' job handler registered.
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
	al, err := alerts.New(alerts.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Catalogue: cat, Email: email, SMS: sms, Jobs: sys.jobs})
	if err != nil {
		return nil, err
	}
	jobs.Handle(sys.jobs, al.Send)
	nl := newsletter.New(sys.vault, sys.clk)
	nl.Mail(newsletter.Mailing{SQL: sys.st.SQL(), Email: email, Links: sys.ring.LinkMAC("newsletter unsubscribe"), Public: sys.publicURL, Jobs: sys.jobs})
	jobs.Handle(sys.jobs, nl.Send)
	return &bokjiroServices{members: mem, alerts: al, newsletter: nl}, nil
}

func gateway(sys *app, conn *connectors, ch notify.Channel) (notify.Gateway, error) {
	// One simulator stands for the SMS and e-mail gateways every service
	// sends through, as one outside system would: its inbox shows them all.
	url, err := conn.Shared(string(ch), func() http.Handler { return conn.notifySim(sys) })
	if err != nil {
		return notify.Gateway{}, err
	}
	c := &partners.Client{Name: string(ch), Base: url, Key: sys.ring.SigningKey(), Clock: sys.clk}
	return notify.Gateway{Channel: ch, Client: c}, nil
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
