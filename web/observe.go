package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"jikimi/clock"
	"jikimi/ids"
)

// RequestIDHeader carries the ID the server gives each request, which its
// log lines carry too: a person reporting a problem quotes it.
const RequestIDHeader = "X-Request-Id"

const requestIDKey ctxKey = iota + 100

// RequestID is the ID the server gave the request of ctx ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// httpMetrics are the server's request series. Their labels are the
// request's method (one of a fixed few), its route pattern as registered
// (never the path, which carries IDs) and its status.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newHTTPMetrics registers the request series on reg, or takes those a
// handler built earlier registered there.
func newHTTPMetrics(reg prometheus.Registerer) (*httpMetrics, error) {
	if reg == nil {
		return nil, nil
	}
	req, err := Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jikimi_http_requests_total",
		Help: "HTTP requests answered, by method, route pattern and status.",
	}, []string{"method", "route", "status"}))
	if err != nil {
		return nil, err
	}
	dur, err := Register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "jikimi_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and route pattern.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route"}))
	if err != nil {
		return nil, err
	}
	return &httpMetrics{requests: req, duration: dur}, nil
}

// Register registers c on reg, or returns the collector of the same
// description registered already (a second handler on one registry).
func Register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var dup prometheus.AlreadyRegisteredError
	if errors.As(err, &dup) {
		if same, ok := dup.ExistingCollector.(C); ok {
			return same, nil
		}
	}
	return c, err
}

// MetricsHandler serves g's metrics in the Prometheus text format. A
// collector that fails leaves its series out and the rest are served.
func MetricsHandler(g prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// unmatchedRoute is the route label of a request no route takes.
const unmatchedRoute = "unmatched"

// observe is the outermost handler. It gives the request an ID (returned
// in X-Request-Id and put in its context), and once the request is
// answered counts and times it and logs one line: method, route pattern,
// status, duration and ID — never the path, the query or a body, which
// carry IDs and personal data. Probes (/healthz, /readyz) log at debug.
func (s *Server) observe(mux *http.ServeMux, routes map[string]bool, m *httpMetrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := clock.System{}.Now() // the wall clock's: a latency, not anything simulated
		id := ids.Random("req_")
		w.Header().Set(RequestIDHeader, id)
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		next.ServeHTTP(sw, r)
		took := clock.System{}.Now().Sub(start)
		method, route := methodLabel(r.Method), routeOf(mux, routes, r)
		if m != nil {
			m.requests.WithLabelValues(method, route, strconv.Itoa(sw.code())).Inc()
			m.duration.WithLabelValues(method, route).Observe(took.Seconds())
		}
		level := slog.LevelInfo
		if route == "/healthz" || route == "/readyz" {
			level = slog.LevelDebug
		}
		s.Log.LogAttrs(r.Context(), level, "request", slog.String("method", method), slog.String("route", route),
			slog.Int("status", sw.code()), slog.Duration("duration", took), slog.String("request_id", id))
	})
}

// routeOf is the pattern of the route that takes r, without its method;
// "unmatched" when none does. Only registered patterns are returned, so a
// label never carries anything the request made up.
func routeOf(mux *http.ServeMux, routes map[string]bool, r *http.Request) string {
	_, pattern := mux.Handler(r)
	if !routes[pattern] {
		return unmatchedRoute
	}
	_, path, _ := strings.Cut(pattern, " ")
	return path
}

// methodLabel is the request's method when it is a standard one, else
// "other": a label must not take what a client makes up.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// statusWriter keeps the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the answered status; 200 when the handler wrote nothing.
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
