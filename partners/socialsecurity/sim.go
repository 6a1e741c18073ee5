package socialsecurity

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"

	"jikimi/clock"
	"jikimi/keys"
	"jikimi/partners"
)

// Sim is the loopback simulator: it knows every well-formed RRN except
// those whose serial (the last six digits) is all zeros, and answers each
// with offers and applications chosen from the number, so a person always
// sees the same ones.
type Sim struct {
	Faults partners.Faults
	h      http.Handler
}

// NewSim returns a simulator that verifies requests under pub.
func NewSim(pub ed25519.PublicKey, clk clock.Clock) *Sim {
	s := &Sim{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/overview", s.overview)
	s.h = s.Faults.Wrap(partners.Verified(pub, clk, mux))
	return s
}

// ServeHTTP serves the system's API.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// simOffers are central services of the catalogue (welfare/catalogue data).
var simOffers = []Offer{
	{"WLF00001164", "기초연금"},
	{"WLF00001171", "아동수당 지급"},
	{"WLF00003180", "긴급복지 생계지원"},
	{"WLF00004661", "청년월세 한시 특별지원"},
}

var simStatuses = []string{"submitted", "under_review", "decided"}

func (s *Sim) overview(w http.ResponseWriter, r *http.Request) {
	var in lookup
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_request"})
		return
	}
	rrn, err := keys.NormalizeRRN(in.RRN)
	if err != nil {
		partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "malformed_rrn"})
		return
	}
	if rrn[7:] == "000000" {
		partners.Reply(w, http.StatusNotFound, map[string]string{"code": "not_registered"})
		return
	}
	partners.Reply(w, http.StatusOK, overviewOf(rrn))
}

func overviewOf(rrn string) Overview {
	seed := int(rrn[12]-'0') + int(rrn[11]-'0')
	o := Overview{Offers: []Offer{simOffers[seed%len(simOffers)], simOffers[(seed+1)%len(simOffers)]}}
	first := simOffers[(seed+2)%len(simOffers)]
	o.Applications = []Application{{ID: "APP-0000" + rrn[12:], ServiceID: first.ServiceID, Name: first.Name,
		Status: simStatuses[seed%len(simStatuses)], Submitted: "2026-01-05"}}
	return o
}
