// Package web is Jikimi's HTTP edge: the public policy pages, the JSON API
// and the OpenAPI document that describes them. It holds no business rules:
// handlers translate HTTP to calls on domain packages and map their error
// codes to statuses in one place (errs.HTTPStatus). It must never write
// personal data to logs, URLs or error messages.
package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/policy/render"
)

// Server serves Jikimi over HTTP: its own routes (policy pages, health,
// the OpenAPI document) and the routes the services mount.
type Server struct {
	Policies *policy.Registry
	Clock    clock.Clock
	Log      *slog.Logger
	Mounts   []Mount

	doc []byte // the merged OpenAPI document
}

// Route is one documented endpoint. Handle returns an error instead of
// writing one; the server writes every error once, in one place.
type Route struct {
	Method, Path string
	Handle       func(http.ResponseWriter, *http.Request) error
}

// Mount is a service's HTTP surface: its routes and the OpenAPI fragment
// (a YAML document with paths and, optionally, components) that documents
// exactly those routes. CheckMount tests that they match.
type Mount struct {
	Name    string
	Routes  []Route
	OpenAPI []byte
}

func (s *Server) routes() []Route {
	return []Route{
		{"GET", "/healthz", s.healthz},
		{"GET", "/favicon.ico", s.favicon},
		{"GET", "/openapi.yaml", s.openAPI},
		{"GET", "/privacy/{service}", s.policyPage},
		{"GET", "/privacy/{service}/history", s.historyPage},
	}
}

// Handler returns the server's HTTP handler. It fails if two mounts claim
// the same route or their OpenAPI fragments cannot be merged.
func (s *Server) Handler() (http.Handler, error) {
	doc, err := mergeOpenAPI(openAPIDoc, s.Mounts)
	if err != nil {
		return nil, err
	}
	s.doc = doc
	mux := http.NewServeMux()
	seen := map[string]string{}
	all := []Mount{{Name: "web", Routes: s.routes()}}
	for _, m := range append(all, s.Mounts...) {
		for _, rt := range m.Routes {
			key := rt.Method + " " + rt.Path
			if other, dup := seen[key]; dup {
				return nil, fmt.Errorf("web: %s and %s both serve %s", other, m.Name, key)
			}
			seen[key] = m.Name
			mux.Handle(key, s.wrap(rt.Handle))
		}
	}
	return secureHeaders(mux), nil
}

// wrap turns a handler that returns an error into an http.Handler, writing
// the error once, here.
func (s *Server) wrap(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
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

// JSON writes v as the JSON response body with the given status.
func JSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

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

// favicon answers the browsers' automatic request with no content, so no
// page logs a failed load for it.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "max-age=86400")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}
