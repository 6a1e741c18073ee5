package cases

import (
	"net/http"

	"jikimi/vault"
)

// The help requests' and fraud reports' own reads: the citizen's one case
// with what they wrote, the caseworker's view with the same items, and the
// caseworker's conclusion of a fraud report.

func (h *handlers) helpRequest(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return h.c.HelpRequestOf(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) staffHelpRequest(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return h.c.HelpRequest(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) fraudReport(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return h.c.FraudReportOf(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) filedFraud(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) {
		state := r.URL.Query().Get("state")
		if state == "" {
			state = StateFiled
		}
		return listOf(h.c.FraudReportsIn(r.Context(), a, state))
	})
}

// staffReport is a fraud report as the caseworker opens it: its items and
// where it was filed.
type staffReport struct {
	Application
	Transfers []Transfer `json:"transfers"`
}

func (h *handlers) staffFraudReport(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) {
		app, ts, err := h.c.FraudReport(r.Context(), a, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if ts == nil {
			ts = []Transfer{}
		}
		return staffReport{Application: *app, Transfers: ts}, nil
	})
}

func (h *handlers) concludeFraud(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) {
		return decoded(r, func(in outcomeBody) (any, error) {
			return h.c.ConcludeFraud(r.Context(), a, r.PathValue("id"), in.Outcome)
		})
	})
}
