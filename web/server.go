// Package web is Jikimi's HTTP edge: the public policy pages, the JSON API
// and the OpenAPI document that describes them. It holds no business rules:
// handlers translate HTTP to calls on domain packages and map their error
// codes to statuses in one place (errs.HTTPStatus). It must never write
// personal data to logs, URLs or error messages.
package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/policy/render"
)

// Server serves Jikimi over HTTP.
type Server struct {
	Policies *policy.Registry
	Clock    clock.Clock
	Log      *slog.Logger
}

// route is one documented endpoint; the OpenAPI test checks this table
// against openapi.yaml in both directions.
type route struct {
	method, path string
	handle       func(*Server, http.ResponseWriter, *http.Request) error
}

var routes = []route{
	{"GET", "/healthz", (*Server).healthz},
	{"GET", "/openapi.yaml", (*Server).openAPI},
	{"GET", "/privacy/{service}", (*Server).policyPage},
	{"GET", "/privacy/{service}/history", (*Server).historyPage},
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt.handle))
	}
	return secureHeaders(mux)
}

// wrap turns a handler that returns an error into an http.Handler, writing
// the error once, here.
func (s *Server) wrap(h func(*Server, http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(s, w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

type errorBody struct {
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.Code(err)
	body := errorBody{Code: code, Message: "internal error"}
	if e, ok := err.(*errs.Error); ok && code != errs.Internal {
		body.Message, body.Reason = e.Message, e.Reason
	}
	if code == errs.Internal {
		s.Log.Error("request failed", "method", r.Method, "route", r.Pattern, "err", err)
	}
	writeJSON(w, errs.HTTPStatus(code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// contentSecurityPolicy allows only this origin and the pages' own
// embedded stylesheet (by hash): no inline script, no framing.
var contentSecurityPolicy = "default-src 'self'; style-src 'self' " + render.StyleHash +
	"; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// secureHeaders sets the headers every response carries.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}
