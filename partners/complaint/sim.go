package complaint

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"jikimi/clock"
	"jikimi/partners"
)

// Sim simulates one complaint system: it verifies the signature, refuses
// an incomplete report (400 incomplete_report), files each idempotency key
// once and answers retries with the first receipt.
type Sim struct {
	once partners.Idempotent
	mu   sync.Mutex
	got  []Report
}

// Handler serves the simulator, checking signatures under pub.
func (s *Sim) Handler(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/complaints", s.file)
	return partners.Verified(pub, clk, mux)
}

func (s *Sim) file(w http.ResponseWriter, r *http.Request) {
	var in Report
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Name == "" || in.Retention == "" || (in.Mobile == "" && in.Landline == "" && in.Email == "") {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "incomplete_report"})
		return
	}
	out, err := s.once.Once(r.Header.Get(partners.HeaderIdempotency), func() ([]byte, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.got = append(s.got, in)
		return json.Marshal(Receipt{Reference: fmt.Sprintf("CMP-%06d", len(s.got)), Retention: in.Retention})
	})
	if err != nil {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "no_idempotency_key"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// Received returns the reports filed so far, once each.
func (s *Sim) Received() []Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Report(nil), s.got...)
}
