package citizen

import (
	_ "embed"
	"net/http"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

// CookieName is the session cookie, for browsers; API clients send the
// token as "Authorization: Bearer".
const CookieName = web.CitizenSessionCookie

// token returns the session token of a request: its bearer token, else its
// session cookie.
func requestToken(r *http.Request) string {
	if t := web.Bearer(r); t != "" {
		return t
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value
	}
	return ""
}

// Actor returns the citizen a request acts for, as the gate's actor (the
// subject, from the request's address), with its session.
func (a *Accounts) Actor(r *http.Request) (vault.Actor, Session, error) {
	s, err := a.Authenticate(r.Context(), requestToken(r))
	if err != nil {
		return vault.Actor{}, Session{}, err
	}
	return vault.Actor{Kind: vault.Subject, ID: s.Subject, Source: web.ClientIP(r)}, s, nil
}

//go:embed openapi.yaml
var openAPI []byte

// Mount serves POST and DELETE /api/v1/session. purposes maps each service
// that has citizen logins to its account purpose (the purpose whose records
// hold the login name and password hash).
func (a *Accounts) Mount(purposes map[string]string) web.Mount {
	h := &handlers{a: a, purposes: purposes}
	return web.Mount{Name: "citizen", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "POST", Path: "/api/v1/session", Handle: h.login},
		{Method: "DELETE", Path: "/api/v1/session", Handle: h.logout},
	}}
}

type handlers struct {
	a        *Accounts
	purposes map[string]string
}

type loginBody struct {
	Service  string `json:"service"`
	Login    string `json:"login"`
	Password string `json:"password"`
}

type sessionBody struct {
	Token   string    `json:"token"`
	Subject string    `json:"subject"`
	Service string    `json:"service"`
	Expires time.Time `json:"expires"`
}

func (h *handlers) login(w http.ResponseWriter, r *http.Request) error {
	var in loginBody
	if err := web.Decode(r, 4<<10, &in); err != nil {
		return err
	}
	purpose, ok := h.purposes[in.Service]
	if !ok {
		return errs.WithReason(errs.Invalid, "unknown_service", "no citizen logins for this service")
	}
	s, err := h.a.Login(r.Context(), in.Service, purpose, in.Login, in.Password, web.ClientIP(r))
	if err != nil {
		return err
	}
	web.SetCookie(w, r, CookieName, s.Token)
	//lint:ignore S1016 the answer lists its fields: a field added to Session must not reach it unseen
	web.JSON(w, http.StatusCreated, sessionBody{Token: s.Token, Subject: s.Subject, Service: s.Service, Expires: s.Expires})
	return nil
}

func (h *handlers) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.a.Logout(r.Context(), requestToken(r)); err != nil {
		return err
	}
	web.ClearCookie(w, r, CookieName)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
