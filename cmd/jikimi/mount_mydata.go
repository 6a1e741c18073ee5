package main

import (
	"context"
	"net/http"

	hcpages "jikimi/healthcare/pages"
	"jikimi/rights/mydata"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/eligibility"
	wfpages "jikimi/welfare/pages"
)

// The members' pages of 복지로, and "내 개인정보" for both services, over
// the same rights domain as the JSON API.
func init() {
	mounters = append(mounters, func(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
		b, err := sys.bokjiroShared(conn)
		if err != nil {
			return web.Mount{}, err
		}
		crit, err := eligibility.Embedded()
		if err != nil {
			return web.Mount{}, err
		}
		c, err := casesService(sys, conn, crit)
		if err != nil {
			return web.Mount{}, err
		}
		cat, err := catalogue.Embedded(catalogue.DefaultConfig())
		if err != nil {
			return web.Mount{}, err
		}
		return wfpages.New(wfpages.Config{Accounts: sys.citizens, Members: b.members, Alerts: b.alerts, Cases: c, Catalogue: cat,
			Policies: sys.policies, Clock: sys.clk}).Mount(), nil
	})
	for _, m := range []struct {
		site *web.Site
		fhir bool
	}{{hcpages.Site, true}, {wfpages.Site, false}} {
		mounters = append(mounters, func(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
			s, err := rightsService(sys, conn)
			if err != nil {
				return web.Mount{}, err
			}
			session := func(r *http.Request, service string) (vault.Actor, error) {
				a, _, err := sys.citizens.PageSession(r, service)
				return a, err
			}
			return mydata.New(mydata.Config{Rights: s, Policies: sys.policies, Clock: sys.clk, Session: session, FHIR: m.fhir}, m.site).Mount(), nil
		})
	}
}
