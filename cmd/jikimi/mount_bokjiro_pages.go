package main

import (
	"context"
	"net/http"

	hcpages "jikimi/healthcare/pages"
	"jikimi/rights/mydata"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/catalogue"
	wfpages "jikimi/welfare/pages"
)

// mountBokjiroPages: the members' pages of 복지로, over the same domain
// packages as the JSON API.
func mountBokjiroPages(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	b, err := sys.bokjiroShared(conn)
	if err != nil {
		return web.Mount{}, err
	}
	c, err := shippedCases(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	cat, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		return web.Mount{}, err
	}
	return wfpages.New(wfpages.Config{Accounts: sys.citizens, Members: b.members, Alerts: b.alerts, Cases: c, Newsletter: b.newsletter, Catalogue: cat,
		Policies: sys.policies, Clock: sys.clk}).Mount(), nil
}

// mountMyData: "내 개인정보" for both services, over the same rights domain
// as the JSON API (the health service's with its FHIR download).
func mountMyData(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	s, err := rightsService(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	session := func(r *http.Request, service string) (vault.Actor, error) {
		a, _, err := sys.citizens.PageSession(r, service)
		return a, err
	}
	id, err := identityConnector(sys, conn) // the proxies' verifications, which the rights service reads back
	if err != nil {
		return web.Mount{}, err
	}
	b, err := sys.bokjiroShared(conn)
	if err != nil {
		return web.Mount{}, err
	}
	mount := web.Mount{Name: "mydata"}
	for _, m := range []struct {
		site *web.Site
		fhir bool
		reps func(context.Context, string) (string, error)
	}{{hcpages.Site, true, nil}, {wfpages.Site, false, b.members.CallRepresentative}} {
		cfg := mydata.Config{Rights: s, Policies: sys.policies, Clock: sys.clk, Session: session, FHIR: m.fhir,
			VerifyProxy: id.Start, RepresentativeCode: m.reps}
		mount.Pages = append(mount.Pages, mydata.New(cfg, m.site).Mount().Pages...)
	}
	return mount, nil
}
