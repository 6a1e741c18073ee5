package ingest

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// maxBody bounds a batch request: MaxBatch points of a typical size, with
// room for verbose devices (each point is also bounded by omh.MaxSize).
const maxBody = 4 << 20

// HTTP serves the ingestion API.
type HTTP struct {
	Ingester *Ingester
	Devices  Devices
	Sessions Sessions
}

// Sessions finds the signed-in participant of a request (package citizen):
// an actor of kind vault.Subject whose ID is the participant's subject ID,
// or errs.Forbidden.
type Sessions interface {
	Participant(r *http.Request) (vault.Actor, error)
}

// Mount is the service's HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{
		Name:    "healthcare-sync",
		OpenAPI: openAPI,
		Routes: []web.Route{
			{Method: "POST", Path: "/api/v1/healthcare/sync", Handle: h.sync},
			{Method: "POST", Path: "/api/v1/healthcare/me/reports", Handle: h.report},
			{Method: "POST", Path: "/api/v1/healthcare/me/checkups", Handle: h.checkup},
		},
	}
}

// sync takes a device's batch: the Bearer token names the device, and the
// device its participant; the body names no one.
func (h *HTTP) sync(w http.ResponseWriter, r *http.Request) error {
	token := web.Bearer(r)
	if token == "" {
		return reason(errs.E(errs.Unauthenticated, "a device token is required (Authorization: Bearer)"), "missing_token")
	}
	dev, err := h.Devices.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	var raws []json.RawMessage
	if err := web.Decode(r, maxBody, &raws); err != nil {
		return err
	}
	rep, err := h.Ingester.Sync(r.Context(), dev, web.ClientIP(r), raws)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, rep)
	return nil
}

// report stores the signed-in participant's self-report.
func (h *HTTP) report(w http.ResponseWriter, r *http.Request) error {
	actor, err := h.Sessions.Participant(r)
	if err != nil {
		return err
	}
	var s SelfReport
	if err := web.Decode(r, 64<<10, &s); err != nil {
		return err
	}
	out, err := h.Ingester.Report(r.Context(), actor, actor.ID, &s)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, out)
	return nil
}

// checkup stores the signed-in participant's check-up results: a JSON
// array of FHIR R4 Observations, or a Bundle of them.
func (h *HTTP) checkup(w http.ResponseWriter, r *http.Request) error {
	actor, err := h.Sessions.Participant(r)
	if err != nil {
		return err
	}
	var body json.RawMessage
	if err := web.Decode(r, MaxObservations*fhirMax, &body); err != nil {
		return err
	}
	observations, err := observationsOf(body)
	if err != nil {
		return err
	}
	out, err := h.Ingester.Checkup(r.Context(), actor, actor.ID, observations)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, out)
	return nil
}
