package content

import (
	_ "embed"
	"net/http"

	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// HTTP serves the articles to signed-in participants as JSON (the Korean
// pages are package healthcare/pages'). Who read what is not recorded.
type HTTP struct {
	Library     *Library
	Participant func(r *http.Request) (vault.Actor, error)
}

// Mount is the health content's HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{Name: "healthcare-content", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/api/v1/healthcare/contents", Handle: h.list},
		{Method: "GET", Path: "/api/v1/healthcare/contents/{id}", Handle: h.get},
	}}
}

type listBody struct {
	Articles []Article `json:"articles"`
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Participant(r); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, listBody{h.Library.List()})
	return nil
}

func (h *HTTP) get(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Participant(r); err != nil {
		return err
	}
	a, err := h.Library.Get(r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, a)
	return nil
}
