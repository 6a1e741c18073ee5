package main

import (
	"context"
	"net/http"

	"jikimi/healthcare/consult"
	"jikimi/healthcare/content"
	"jikimi/healthcare/stats"
	"jikimi/healthcare/survey"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

const healthcareService = "seoul-healthcare"

// mountHealthcareStats: the healthcare statistics (pseudonymised,
// statistician) and the privacy officer's re-identification; the gate holds
// the key and decides by the policy's pseudonymised roles.
func mountHealthcareStats(ctx context.Context, sys *app, _ *connectors) (web.Mount, error) {
	x, err := statsExtractor(ctx, sys)
	if err != nil {
		return web.Mount{}, err
	}
	h := &stats.HTTP{
		Extractor:    x,
		Reidentifier: &stats.Reidentifier{Gate: sys.vault, Service: healthcareService},
		Auth:         staffAuth(sys.staff),
	}
	return h.Mount(), nil
}

// statsExtractor is the statistics' extraction (the gate holds the
// pseudonym key): the API's and the console's.
func statsExtractor(_ context.Context, sys *app) (*stats.Extractor, error) {
	return &stats.Extractor{Gate: sys.vault, Service: healthcareService, Clock: sys.clk}, nil
}

// mountHealthcareConsult, mountHealthcareContent and mountHealthcareSurvey:
// consultations, health content and satisfaction surveys: participants by
// their citizen session of the healthcare service, counsellors by their
// staff session.
func mountHealthcareConsult(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	h := &consult.HTTP{Consultations: &consult.Consultations{Gate: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk},
		Participant: participants{sys.citizens}.Participant, Staff: staffAuth(sys.staff)}
	return h.Mount(), nil
}

func mountHealthcareContent(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	lib, err := content.Load()
	if err != nil {
		return web.Mount{}, err
	}
	return (&content.HTTP{Library: lib, Participant: participants{sys.citizens}.Participant}).Mount(), nil
}

func mountHealthcareSurvey(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	ss, err := survey.Load()
	if err != nil {
		return web.Mount{}, err
	}
	s := &survey.Surveys{Gate: sys.vault, SQL: sys.st.SQL(), Clock: sys.clk, Surveys: ss}
	return (&survey.HTTP{Surveys: s, Participant: participants{sys.citizens}.Participant}).Mount(), nil
}

// staffAuth adapts staff sign-in to the services' role check.
func staffAuth(s *staff.Service) func(r *http.Request, role string) (vault.Actor, error) {
	return func(r *http.Request, role string) (vault.Actor, error) {
		a, _, err := s.Actor(r, staff.Role(role))
		return a, err
	}
}
