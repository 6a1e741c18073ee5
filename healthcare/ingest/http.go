package ingest

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"jikimi/errs"
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
}

// Mount is the service's HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{
		Name:    "healthcare-sync",
		OpenAPI: openAPI,
		Routes: []web.Route{
			{Method: "POST", Path: "/api/v1/healthcare/sync", Handle: h.sync},
		},
	}
}

// sync takes a device's batch: the Bearer token names the device, and the
// device its participant; the body names no one.
func (h *HTTP) sync(w http.ResponseWriter, r *http.Request) error {
	token := web.Bearer(r)
	if token == "" {
		return reason(errs.E(errs.Forbidden, "a device token is required (Authorization: Bearer)"), "missing_token")
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
