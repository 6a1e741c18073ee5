package card

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"

	"jikimi/keys"
	"jikimi/partners"
)

// Sim is the card company's loopback simulator. It credits each reference
// once, answers a retried idempotency key with the first answer, and
// refuses a malformed CI (invalid_ci) or one told to Refuse (no_card: no
// 서울페이 card under that CI). Serve it behind partners.Verified.
type Sim struct {
	once partners.Idempotent
	mux  *http.ServeMux

	mu       sync.Mutex
	records  map[string]Record
	order    []string
	credits  int // conversions actually credited
	received []Conversion
	refuse   map[string]bool
}

// NewSim returns an empty simulator.
func NewSim() *Sim {
	s := &Sim{records: map[string]Record{}, refuse: map[string]bool{}, mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /v1/conversions", s.convert)
	s.mux.HandleFunc("GET /v1/conversions/{ref}", s.lookup)
	s.mux.HandleFunc("GET /v1/conversions", s.list)
	return s
}

// Refuse makes the simulator answer no_card for ci.
func (s *Sim) Refuse(ci string) { s.mu.Lock(); s.refuse[ci] = true; s.mu.Unlock() }

// Credits is how many conversions were credited: one per reference.
func (s *Sim) Credits() int { s.mu.Lock(); defer s.mu.Unlock(); return s.credits }

// Received is every conversion request that reached the handler, retries
// included: what the card company was sent.
func (s *Sim) Received() []Conversion {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// Forget drops a reference from the records, as a card company that lost
// or never booked it: for reconciliation tests.
func (s *Sim) Forget(reference string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.records, reference)
	s.order = slices.DeleteFunc(s.order, func(r string) bool { return r == reference })
}

// ServeHTTP implements http.Handler.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Sim) convert(w http.ResponseWriter, r *http.Request) {
	var c Conversion
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields() // the card company takes the CI and nothing else about the person
	if err := dec.Decode(&c); err != nil || c.Reference == "" || c.Points <= 0 {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_request"})
		return
	}
	s.mu.Lock()
	s.received = append(s.received, c)
	s.mu.Unlock()
	if _, err := keys.NormalizeCI(c.CI); err != nil {
		partners.Reply(w, http.StatusUnprocessableEntity, map[string]string{"code": "invalid_ci"})
		return
	}
	out, err := s.once.Once(r.Header.Get(partners.HeaderIdempotency), func() ([]byte, error) {
		rec, err := s.credit(c)
		if err != nil {
			return nil, err
		}
		return json.Marshal(rec)
	})
	if err != nil {
		partners.Reply(w, http.StatusUnprocessableEntity, map[string]string{"code": err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// credit books a conversion once per reference.
func (s *Sim) credit(c Conversion) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse[c.CI] {
		return Record{}, fmt.Errorf("no_card")
	}
	if rec, ok := s.records[c.Reference]; ok {
		return rec, nil
	}
	s.credits++
	rec := Record{Reference: c.Reference, Points: c.Points, Approval: fmt.Sprintf("SIM-%08d", s.credits)}
	s.records[c.Reference] = rec
	s.order = append(s.order, c.Reference)
	return rec, nil
}

func (s *Sim) lookup(w http.ResponseWriter, r *http.Request) {
	partners.ReplyKept(w, &s.mu, s.records, r.PathValue("ref"), "unknown_reference")
}

func (s *Sim) list(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	out := make([]Record, 0, len(s.order))
	for _, ref := range s.order {
		out = append(out, s.records[ref])
	}
	s.mu.Unlock()
	partners.Reply(w, http.StatusOK, map[string][]Record{"conversions": out})
}
