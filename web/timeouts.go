package web

import (
	"log"
	"net/http"
	"time"

	"jikimi/clock"
)

// Timeouts bound how long one client may hold a connection, so that slow
// or stalled clients (a body sent a byte a second) cannot pile up and hold
// the server: the headers must arrive within ReadHeader, a whole request
// within Body (LongBody for the routes that take large uploads, such as a
// watch's sync batch), the answer be written within Write, and an idle
// kept-alive connection is closed after Idle.
type Timeouts struct {
	ReadHeader, Body, Write, Idle time.Duration
	LongBody                      map[string]time.Duration // request path -> its body deadline
}

// DefaultTimeouts are the product's.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Body: 30 * time.Second, Write: 2 * time.Minute, Idle: 2 * time.Minute,
		LongBody: map[string]time.Duration{"/api/v1/healthcare/sync": 2 * time.Minute}}
}

// Server is an http.Server serving h under the timeouts.
func (t Timeouts) Server(h http.Handler, errorLog *log.Logger) *http.Server {
	return &http.Server{Handler: t.longBodies(h), ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Body,
		WriteTimeout: t.Write, IdleTimeout: t.Idle, ErrorLog: errorLog}
}

// longBodies gives the routes of LongBody their longer read deadline (the
// server set Body when the request began). The deadline is the wall
// clock's: it bounds a network read, not anything simulated.
func (t Timeouts) longBodies(h http.Handler) http.Handler {
	if len(t.LongBody) == 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, ok := t.LongBody[r.URL.Path]; ok {
			http.NewResponseController(w).SetReadDeadline(clock.System{}.Now().Add(d))
		}
		h.ServeHTTP(w, r)
	})
}
