package insurance

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"

	"jikimi/clock"
	"jikimi/keys"
	"jikimi/partners"
)

// synthetic are the simulators' answers: the same made-up record for
// everyone, so no realistic-looking personal data exists anywhere.
var synthetic = map[System]map[string]string{
	Pension:    {"pension_premium": "0", "pension_months": "0", "pension_paid": "0", "pension_expected": "0"},
	Health:     {"nhi_checkup_type": "가상검진구분", "nhi_eligibility": "가상대상", "nhi_details": "가상내용"},
	Employment: {"ei_employer": "가상사업장", "ei_acquired": "2000-01-01", "ei_lost": ""},
	Accident:   {"iaci_employer": "가상사업장", "iaci_acquired": "2000-01-01", "iaci_lost": ""},
}

// Sim returns the loopback simulator of one system. It verifies the
// signature and refuses a malformed number (400 malformed_rrn).
func Sim(sys System, pub ed25519.PublicKey, clk clock.Clock) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/records/lookup", func(w http.ResponseWriter, r *http.Request) {
		var in lookup
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "malformed_request"})
			return
		}
		if _, err := keys.NormalizeRRN(in.RRN); err != nil {
			partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "malformed_rrn"})
			return
		}
		partners.Reply(w, http.StatusOK, answer{Items: synthetic[sys]})
	})
	return partners.Verified(pub, clk, mux)
}
