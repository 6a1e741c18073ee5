package insurance

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"jikimi/clock"
	"jikimi/keys"
	"jikimi/partners"
)

// synthetic is a simulator's answer for one person: made-up values derived
// from the number asked with, so two people get different records (a test
// can tell whose it was) and the same person always the same one, and no
// realistic-looking personal data exists anywhere.
func synthetic(sys System, rrn string) map[string]string {
	sum := sha256.Sum256([]byte("jikimi simulated insurance|" + rrn))
	n := int(binary.BigEndian.Uint32(sum[:4]) % 10000)
	year := fmt.Sprintf("%04d-01-01", 2000+n%20)
	switch sys {
	case Pension:
		return map[string]string{"pension_premium": strconv.Itoa(n * 10), "pension_months": strconv.Itoa(n % 480),
			"pension_paid": strconv.Itoa(n * 1000), "pension_expected": strconv.Itoa(n * 100)}
	case Health:
		return map[string]string{"nhi_checkup_type": fmt.Sprintf("가상검진구분%d", n%7), "nhi_eligibility": fmt.Sprintf("가상대상%d", n%3),
			"nhi_details": fmt.Sprintf("가상내용%d", n)}
	case Employment:
		return map[string]string{"ei_employer": fmt.Sprintf("가상사업장%d", n), "ei_acquired": year, "ei_lost": ""}
	default:
		return map[string]string{"iaci_employer": fmt.Sprintf("가상사업장%d", n), "iaci_acquired": year, "iaci_lost": ""}
	}
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
		rrn, err := keys.NormalizeRRN(in.RRN)
		if err != nil {
			partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "malformed_rrn"})
			return
		}
		partners.Reply(w, http.StatusOK, answer{Items: synthetic(sys, rrn)})
	})
	return partners.Verified(pub, clk, mux)
}
