package cases

import (
	_ "embed"
	"net/http"

	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// Auth takes the actor of a request: a citizen signed in to 복지로, or
// staff signed in with the caseworker role. Each answers the error to
// return when the request has no such session.
type Auth struct {
	Citizen    func(*http.Request) (vault.Actor, error)
	Caseworker func(*http.Request) (vault.Actor, error)
}

// bodyLimit bounds a request body: a case's items are short.
const bodyLimit = 16 << 10

// Mount serves the cases under /api/v1/bokjiro.
func (c *Cases) Mount(auth Auth) web.Mount {
	h := &handlers{c: c, auth: auth}
	const base = "/api/v1/bokjiro"
	return web.Mount{Name: "bokjiro-cases", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "POST", Path: base + "/applications", Handle: h.draft},
		{Method: "GET", Path: base + "/applications", Handle: h.applications},
		{Method: "GET", Path: base + "/applications/{id}", Handle: h.application},
		{Method: "PATCH", Path: base + "/applications/{id}", Handle: h.change},
		{Method: "POST", Path: base + "/applications/{id}/submit", Handle: h.submit},
		{Method: "GET", Path: base + "/caseworker/applications", Handle: h.queue},
		{Method: "GET", Path: base + "/caseworker/applications/{id}", Handle: h.review},
		{Method: "POST", Path: base + "/caseworker/applications/{id}/review", Handle: h.startReview},
		{Method: "GET", Path: base + "/caseworker/applications/{id}/history", Handle: h.history},
		{Method: "POST", Path: base + "/caseworker/applications/{id}/result", Handle: h.notify},
		{Method: "POST", Path: base + "/help-requests", Handle: h.requestHelp},
		{Method: "GET", Path: base + "/help-requests", Handle: h.helpRequests},
		{Method: "GET", Path: base + "/help-requests/{id}", Handle: h.helpRequest},
		{Method: "GET", Path: base + "/caseworker/help-requests", Handle: h.openHelp},
		{Method: "GET", Path: base + "/caseworker/help-requests/{id}", Handle: h.staffHelpRequest},
		{Method: "POST", Path: base + "/caseworker/help-requests/{id}/result", Handle: h.completeHelp},
		{Method: "GET", Path: base + "/fraud-reports/form", Handle: h.fraudForm},
		{Method: "POST", Path: base + "/fraud-reports", Handle: h.reportFraud},
		{Method: "GET", Path: base + "/fraud-reports", Handle: h.fraudReports},
		{Method: "GET", Path: base + "/fraud-reports/{id}", Handle: h.fraudReport},
		{Method: "GET", Path: base + "/caseworker/fraud-reports", Handle: h.filedFraud},
		{Method: "GET", Path: base + "/caseworker/fraud-reports/{id}", Handle: h.staffFraudReport},
		{Method: "POST", Path: base + "/caseworker/fraud-reports/{id}/result", Handle: h.concludeFraud},
		{Method: "GET", Path: base + "/fraud-reports/{id}/transfers", Handle: h.transfers},
		{Method: "POST", Path: base + "/welfare-search", Handle: h.search},
		{Method: "GET", Path: base + "/welfare-search/kept", Handle: h.keptSearches},
		{Method: "DELETE", Path: base + "/welfare-search/kept", Handle: h.forgetSearches},
		{Method: "POST", Path: base + "/my-welfare", Handle: h.myWelfare},
	}}
}

type handlers struct {
	c    *Cases
	auth Auth
}

// answer writes v, or returns err for the server to map.
func answer(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.JSON(w, status, v)
	return nil
}

// asCitizen runs fn with the request's citizen.
func (h *handlers) asCitizen(w http.ResponseWriter, r *http.Request, status int, fn func(vault.Actor) (any, error)) error {
	a, err := h.auth.Citizen(r)
	if err != nil {
		return err
	}
	v, err := fn(a)
	return answer(w, status, v, err)
}

// asCaseworker runs fn with the request's caseworker.
func (h *handlers) asCaseworker(w http.ResponseWriter, r *http.Request, fn func(vault.Actor) (any, error)) error {
	a, err := h.auth.Caseworker(r)
	if err != nil {
		return err
	}
	v, err := fn(a)
	return answer(w, http.StatusOK, v, err)
}

// decoded decodes the body into v, then runs fn.
func decoded[T any](r *http.Request, fn func(T) (any, error)) (any, error) {
	var in T
	if err := web.Decode(r, bodyLimit, &in); err != nil {
		return nil, err
	}
	return fn(in)
}

type list[T any] struct {
	Items []T `json:"items"`
}

func listOf[T any](v []T, err error) (any, error) {
	if v == nil {
		v = []T{}
	}
	return list[T]{Items: v}, err
}
