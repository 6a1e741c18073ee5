package identity

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sync"

	"jikimi/clock"
	"jikimi/ids"
	"jikimi/partners"
)

// Sim is the loopback simulator of the verification service. Every claim
// it is given is confirmed at once (the citizen's phone is the test), and
// the CI it answers is derived from name, birth date and sex, so the same
// synthetic person gets the same CI whatever phone they use, as a real CI
// follows the person.
type Sim struct {
	Faults partners.Faults

	once      partners.Idempotent
	mu        sync.Mutex
	verified  map[string]Identity
	overrides map[string]string // mobile -> CI to answer instead
	h         http.Handler
}

// NewSim returns a simulator that verifies requests under pub.
func NewSim(pub ed25519.PublicKey, clk clock.Clock) *Sim {
	s := &Sim{verified: map[string]Identity{}, overrides: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/verifications", s.start)
	mux.HandleFunc("GET /v1/verifications/{id}", s.result)
	s.h = s.Faults.Wrap(partners.Verified(pub, clk, mux))
	return s
}

// ServeHTTP serves the verification API.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// OverrideCI makes the simulator answer ci for verifications of this
// mobile number, as written: a test's way to receive a malformed CI.
func (s *Sim) OverrideCI(mobile, ci string) {
	s.mu.Lock()
	s.overrides[mobile] = ci
	s.mu.Unlock()
}

// SyntheticCI is the CI the simulator answers for a claim.
func SyntheticCI(c Claim) string {
	sum := sha512.Sum512([]byte("jikimi simulated CI|" + c.Name + "|" + c.BirthDate + "|" + c.Sex))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func syntheticDI(c Claim) string {
	sum := sha256.Sum256([]byte("jikimi simulated DI|seoul-healthcare|" + c.Name + "|" + c.BirthDate + "|" + c.Sex))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (s *Sim) start(w http.ResponseWriter, r *http.Request) {
	var c Claim
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.Name == "" || c.BirthDate == "" || c.Sex == "" || c.Mobile == "" {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_claim"})
		return
	}
	body, err := s.once.Once(r.Header.Get(partners.HeaderIdempotency), func() ([]byte, error) {
		id := newID()
		s.mu.Lock()
		ci, ok := s.overrides[c.Mobile]
		if !ok {
			ci = SyntheticCI(c)
		}
		s.verified[id] = Identity{Claim: c, CI: ci, DI: syntheticDI(c)}
		s.mu.Unlock()
		return json.Marshal(started{ID: id})
	})
	if err != nil {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "missing_idempotency_key"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	w.Write(body)
}

func (s *Sim) result(w http.ResponseWriter, r *http.Request) {
	partners.ReplyKept(w, &s.mu, s.verified, r.PathValue("id"), "unknown_verification")
}

func newID() string { return ids.Random("ver_") }
