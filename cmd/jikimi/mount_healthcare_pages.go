package main

import (
	"context"

	"jikimi/healthcare/consult"
	"jikimi/healthcare/content"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/pages"
	"jikimi/healthcare/survey"
	"jikimi/web"
)

// mountHealthcarePages: the participants' pages of 손목닥터 9988, over the
// same services as the JSON API (the points ledger and its partners are
// the very same ones).
func mountHealthcarePages(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	en, err := enrolService(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	hp, err := sys.healthcarePoints(conn)
	if err != nil {
		return web.Mount{}, err
	}
	lib, err := content.Load()
	if err != nil {
		return web.Mount{}, err
	}
	ss, err := survey.Load()
	if err != nil {
		return web.Mount{}, err
	}
	return pages.New(pages.Config{
		Accounts: sys.citizens, Enrol: en, Ingest: ingest.New(sys.vault, sys.clk), Points: hp.svc, Rules: hp.rules,
		Provisions: hp.provider, City: hp.city, Consult: &consult.Consultations{Gate: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk},
		Content: lib, Surveys: &survey.Surveys{Gate: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Surveys: ss},
		Devices: sys.devices, Vault: sys.vault, Policies: sys.policies, Clock: sys.clk,
	}).Mount(), nil
}
