package main

import (
	"context"

	"jikimi/healthcare/consult"
	"jikimi/partners/complaint"
	"jikimi/partners/insurance"
	"jikimi/web"
	"jikimi/web/console"
	"jikimi/welfare/cases"
	"jikimi/welfare/eligibility"
)

// mountConsole: the staff console: the caseworker's, counsellor's, privacy
// officer's and admin's pages, on the same domain services as the JSON
// API. Its cases reach no outside system (filing and look-ups stay with
// the citizen's side); the outside systems it does reach (the identity
// connector and the SMS gateway, to verify who asks for another; the
// e-mail gateway, through the newsletter's outbox) are the simulators the
// other mounts share; the jobs its services insert are handled by the
// handlers the other mounts register.
func mountConsole(ctx context.Context, sys *app, conn *connectors) (web.Mount, error) {
	crit, err := eligibility.Embedded()
	if err != nil {
		return web.Mount{}, err
	}
	cs, err := cases.New(cases.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Policies: sys.policies, Criteria: crit,
		Complaints: map[string]complaint.Filer{}, Insurance: map[insurance.System]insurance.Looker{}, Jobs: sys.jobs})
	if err != nil {
		return web.Mount{}, err
	}
	runner, err := newRunner(sys, conn.log, nil)
	if err != nil {
		return web.Mount{}, err
	}
	rs, err := rightsService(sys, conn) // wired as the rights mount's: it checks a representative's or proxy's verification
	if err != nil {
		return web.Mount{}, err
	}
	x, err := statsExtractor(ctx, sys)
	if err != nil {
		return web.Mount{}, err
	}
	hp, err := sys.healthcarePoints(conn) // the one ledger, shared with the points' API and pages
	if err != nil {
		return web.Mount{}, err
	}
	b, err := sys.bokjiroShared(conn) // the newsletter, mailing through the outbox as `jikimi newsletter send`
	if err != nil {
		return web.Mount{}, err
	}
	c, err := console.New(console.Config{Staff: sys.staff, Policies: sys.policies, Clock: sys.clk, Cases: cs,
		Consultations: &consult.Consultations{Gate: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk}, Retention: runner, Log: sys.log, Rights: rs, Points: hp.svc,
		Shipping: sys.devices, Statistics: x, Publications: sys.st, Outbox: sys.jobs, CityInfo: hp.city,
		Tallies: sys.vault, Watches: sys.devices, Logins: sys.citizens, Newsletter: b.newsletter, Standing: onBehalf{sys, conn}})
	if err != nil {
		return web.Mount{}, err
	}
	return c.Mount(), nil
}
