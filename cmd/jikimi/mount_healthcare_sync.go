package main

import (
	"context"
	"net/http"

	"jikimi/citizen"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/ingest"
	"jikimi/vault"
	"jikimi/web"
)

// mountHealthcareSync: healthcare data in: device sync, self-reports and
// check-ups.
func mountHealthcareSync(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	h := &ingest.HTTP{
		Ingester: ingest.New(sys.vault, sys.clk),
		Devices:  watches{sys.devices},
		Sessions: participants{sys.citizens},
	}
	return h.Mount(), nil
}

// watches adapts the device registry to ingest's view of a device.
type watches struct{ r *devices.Registry }

func (w watches) Authenticate(ctx context.Context, token string) (ingest.Device, error) {
	d, err := w.r.Authenticate(ctx, token)
	return ingest.Device{ID: d.ID, Subject: d.Subject}, err
}

// participants: a citizen session of the healthcare service, and no other.
type participants struct{ a *citizen.Accounts }

func (p participants) Participant(r *http.Request) (vault.Actor, error) {
	return citizenOf(p.a, ingest.Service)(r)
}
