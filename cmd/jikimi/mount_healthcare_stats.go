package main

import (
	"context"
	"crypto/rand"
	"net/http"

	"jikimi/healthcare/stats"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

const healthcareService = "seoul-healthcare"

// The healthcare statistics (pseudonymised, statistician) and the privacy
// officer's re-identification, with the re-identification key loaded (or
// created on first start) from its own wrapped row.
func init() {
	mounters = append(mounters, func(ctx context.Context, sys *app, _ *connectors) (web.Mount, error) {
		key, err := stats.LoadKey(ctx, sys.st.SQL(), sys.ring, healthcareService, rand.Reader, sys.clk.Now().UnixMicro())
		if err != nil {
			return web.Mount{}, err
		}
		h := &stats.HTTP{
			Extractor: &stats.Extractor{Gate: sys.vault, Key: key, Service: healthcareService, Clock: sys.clk},
			Reidentifier: &stats.Reidentifier{Gate: sys.vault, Key: key, Service: healthcareService,
				SQL: sys.st.SQL(), Log: sys.log, Clock: sys.clk},
			Auth: staffAuth(sys.staff),
		}
		return h.Mount(), nil
	})
}

// staffAuth adapts staff sign-in to the services' role check.
func staffAuth(s *staff.Service) func(r *http.Request, role string) (vault.Actor, error) {
	return func(r *http.Request, role string) (vault.Actor, error) {
		a, _, err := s.Actor(r, staff.Role(role))
		return a, err
	}
}
