// Package web is Jikimi's HTTP edge: the public policy pages, the JSON API
// and the OpenAPI document that describes them. It holds no business rules:
// handlers translate HTTP to calls on domain packages and map their error
// codes to statuses in one place (errs.HTTPStatus). It must never write
// personal data to logs, URLs or error messages.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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
	Log      *slog.Logger // the request log; nil: none
	Mounts   []Mount
	Demo     bool // cookies go without Secure to http://127.0.0.1 and localhost (serve --demo)
	// Metrics, when set, is where the server registers its request series
	// (observe.go); the registry is served apart, by MetricsHandler.
	Metrics prometheus.Registerer
	// Ready, when set, is /readyz's check: nil when the server can serve;
	// an error (errs.Unavailable) answers 503 with its problem details.
	Ready func(ctx context.Context) error

	doc   []byte  // the merged OpenAPI document
	sites []*Site // the mounts' sites, for error pages
}

// Route is one documented endpoint. Handle returns an error instead of
// writing one; the server writes every error once, in one place.
type Route struct {
	Method, Path string
	Handle       func(http.ResponseWriter, *http.Request) error
}

// Mount is a service's HTTP surface: its routes and the OpenAPI fragment
// (a YAML document with paths and, optionally, components) that documents
// exactly those routes (CheckMount tests that they match), and its pages
// for browsers, in the layout of its Site (see page.go), which the OpenAPI
// document leaves out.
type Mount struct {
	Name    string
	Routes  []Route
	OpenAPI []byte
	Pages   []Route
	Site    *Site
}

func (s *Server) routes() []Route {
	return []Route{
		{"GET", "/healthz", s.healthz},
		{"GET", "/readyz", s.readyz},
		{"GET", "/favicon.ico", s.favicon},
		{"GET", "/openapi.yaml", s.openAPI},
		{"GET", "/privacy/{service}", s.policyPage},
		{"GET", "/privacy/{service}/history", s.historyPage},
	}
}

// pages are the server's own pages: the front page, the cookie notice and
// the shared static files.
func (s *Server) pages() []Route {
	return []Route{
		{"GET", "/{$}", s.homePage},
		{"GET", "/privacy/{service}/cookies", s.cookiePage},
		{"GET", "/static/{file}", s.static},
	}
}

// Handler returns the server's HTTP handler. It fails if two mounts claim
// the same route or their OpenAPI fragments cannot be merged.
func (s *Server) Handler() (http.Handler, error) {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler) // a server built without a log (tests, tools) logs nowhere
	}
	doc, err := mergeOpenAPI(openAPIDoc, s.Mounts)
	if err != nil {
		return nil, err
	}
	s.doc = doc
	metrics, err := newHTTPMetrics(s.Metrics)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	seen := map[string]string{}
	routes := map[string]bool{}
	all := []Mount{{Name: "web", Routes: s.routes(), Pages: s.pages()}}
	for _, m := range append(all, s.Mounts...) {
		for _, rt := range append(m.Routes[:len(m.Routes):len(m.Routes)], m.Pages...) {
			key := rt.Method + " " + rt.Path
			if other, dup := seen[key]; dup {
				return nil, fmt.Errorf("web: %s and %s both serve %s", other, m.Name, key)
			}
			seen[key] = m.Name
			routes[key] = true
			mux.Handle(key, s.wrap(rt.Handle))
		}
		if m.Site != nil {
			s.sites = append(s.sites, m.Site)
		}
	}
	// From the outside in: the request's ID, count and log line; headers on
	// every response; the demo flag; cross-site
	// requests refused; form posts held to their token; the routes, with the
	// mux's own 404 and 405 in the shape of every other error.
	h := s.unmatched(mux)
	h = s.checkForms(h)
	h = s.crossOrigin(h)
	h = withDemo(s.Demo, h)
	return s.observe(mux, routes, metrics, secureHeaders(h)), nil
}

// unmatched answers a request no route takes (404, or 405 with Allow) as
// every other error is answered.
func (s *Server) unmatched(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		probe := &statusProbe{header: http.Header{}}
		mux.ServeHTTP(probe, r)
		if allow := probe.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		s.writeProblem(w, r, problemOfStatus(probe.status))
	})
}

// statusProbe keeps the status and headers the mux would answer with and
// drops its plain-text body.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }

// wrap turns a handler that returns an error into an http.Handler, writing
// the error once, here.
func (s *Server) wrap(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// JSON writes v as the JSON response body with the given status.
func JSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, "application/json; charset=utf-8", status, v)
}

func writeJSONAs(w http.ResponseWriter, ctype string, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// contentSecurityPolicy allows only this origin and the pages' own
// embedded stylesheet (by hash): no inline script, no framing.
var contentSecurityPolicy = "default-src 'self'; style-src 'self' " + render.StyleHash +
	"; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// secureHeaders sets the headers every response carries. Nothing is stored
// by browsers or proxies unless a handler says otherwise (public documents
// and static files do): any answer may carry personal data.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
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

// readyTimeout bounds one readiness check: a database that does not answer
// within it is not ready.
const readyTimeout = 5 * time.Second

// readyz answers whether the server can serve now (Ready), for a load
// balancer: 200, or 503 with the problem details naming the part that
// failed. A failure is logged with its cause, once per probe.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			s.Log.Warn("not ready", "request_id", RequestID(r.Context()), "err", err)
			if errs.Code(err) != errs.Unavailable {
				err = errs.Wrap(errs.Unavailable, err, "not ready")
			}
			return err
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	return nil
}
