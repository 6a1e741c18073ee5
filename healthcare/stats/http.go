package stats

import (
	"context"
	_ "embed"
	"net/http"

	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// Auth returns the actor of the signed-in staff member acting in role, or
// an error when the session is missing or lacks the role (staff.Actor).
type Auth func(r *http.Request, role string) (vault.Actor, error)

// HTTP serves the statistics: the page, its JSON, the pseudonymised dataset
// and the privacy officer's re-identification.
type HTTP struct {
	Extractor    *Extractor
	Reidentifier *Reidentifier
	Auth         Auth
}

// Mount is the statistics' HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{Name: "healthcare-stats", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/api/v1/healthcare/stats", Handle: h.report},
		{Method: "GET", Path: "/api/v1/healthcare/stats/dataset", Handle: h.dataset},
		{Method: "POST", Path: "/api/v1/healthcare/stats/reidentify", Handle: h.reidentify},
		{Method: "GET", Path: "/healthcare/stats", Handle: h.page},
	}}
}

func (h *HTTP) extract(ctx context.Context, r *http.Request) (*Dataset, error) {
	by, err := h.Auth(r, RoleStatistician)
	if err != nil {
		return nil, err
	}
	return h.Extractor.Extract(ctx, by)
}

func (h *HTTP) report(w http.ResponseWriter, r *http.Request) error {
	ds, err := h.extract(r.Context(), r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, Build(ds))
	return nil
}

func (h *HTTP) dataset(w http.ResponseWriter, r *http.Request) error {
	ds, err := h.extract(r.Context(), r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ds)
	return nil
}

// ConsolePath is where the statistics screen is: in the staff console,
// which asks for the statistician's purpose before anything is read.
const ConsolePath = "/staff/healthcare/stats"

// page sends an old link to the console's screen.
func (h *HTTP) page(w http.ResponseWriter, r *http.Request) error {
	return web.SeeOther(w, r, ConsolePath)
}

type reidentifyBody struct {
	Pseudonym string `json:"pseudonym"`
	Reason    string `json:"reason"`
}

type reidentified struct {
	Subject string `json:"subject"`
}

func (h *HTTP) reidentify(w http.ResponseWriter, r *http.Request) error {
	by, err := h.Auth(r, RolePrivacyOfficer)
	if err != nil {
		return err
	}
	var in reidentifyBody
	if err := web.Decode(r, 2048, &in); err != nil {
		return err
	}
	subject, err := h.Reidentifier.Reidentify(r.Context(), by, in.Pseudonym, in.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	web.JSON(w, http.StatusOK, reidentified{Subject: subject})
	return nil
}
