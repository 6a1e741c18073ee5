package cases

import (
	"net/http"

	"jikimi/vault"
)

type fraudBody struct {
	Items    Items    `json:"items"`
	Consents []string `json:"consents"`
}

// fraudForm needs no session: the notice is shown before anything starts.
func (h *handlers) fraudForm(w http.ResponseWriter, r *http.Request) error {
	f, err := h.c.FraudForm()
	return answer(w, http.StatusOK, f, err)
}

func (h *handlers) reportFraud(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusCreated, func(a vault.Actor) (any, error) {
		return decoded(r, func(in fraudBody) (any, error) { return h.c.ReportFraud(r.Context(), a, in.Items, in.Consents) })
	})
}

func (h *handlers) fraudReports(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return listOf(h.c.FraudReports(r.Context(), a)) })
}

func (h *handlers) transfers(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return listOf(h.c.Transfers(r.Context(), a, r.PathValue("id"))) })
}

type searchBody struct {
	Name          string `json:"name"`
	RRN           string `json:"rrn"`
	Address       string `json:"address"`
	Email         string `json:"email"`
	HouseholdSize int    `json:"household_size"`
	HealthPremium int64  `json:"health_insurance_premium"`
	Income        int64  `json:"monthly_income"`
	Property      int64  `json:"property"`
	Debt          int64  `json:"debt"`
	CarValue      int64  `json:"car_value"`
	Keep          string `json:"keep"`
}

type matchBody struct {
	Benefit string `json:"benefit"`
	Name    string `json:"name"`
	Reason  string `json:"reason"`
}

type searchAnswer struct {
	Year       int         `json:"year"`
	Median     int64       `json:"median_income"`
	Recognised int64       `json:"recognised_income"`
	Matches    []matchBody `json:"matches"`
	Notice     string      `json:"notice"`
	Kept       bool        `json:"kept"`
	KeptUntil  string      `json:"kept_until,omitempty"`
}

func (h *handlers) search(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) {
		return decoded(r, func(in searchBody) (any, error) {
			res, err := h.c.Search(r.Context(), a, SearchInput(in))
			if err != nil {
				return nil, err
			}
			return searchAnswerOf(res), nil
		})
	})
}

// keptSearches lists the signed-in person's own kept searches.
func (h *handlers) keptSearches(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) {
		got, err := h.c.KeptSearches(r.Context(), a)
		return map[string]any{"searches": got}, err
	})
}

// forgetSearches withdraws the consent to keep searches: every kept search
// is destroyed at once.
func (h *handlers) forgetSearches(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) {
		if err := h.c.ForgetSearches(r.Context(), a); err != nil {
			return nil, err
		}
		return map[string]bool{"destroyed": true}, nil
	})
}

func searchAnswerOf(res *SearchResult) searchAnswer {
	out := searchAnswer{Year: res.Year, Median: res.Median, Recognised: res.Recognised, Notice: res.Notice, Kept: res.Kept != "", Matches: []matchBody{}}
	for _, m := range res.Matches {
		out.Matches = append(out.Matches, matchBody{Benefit: m.Benefit, Name: m.Name, Reason: m.Reason})
	}
	if res.KeptUntil != nil {
		out.KeptUntil = res.KeptUntil.String()
	}
	return out
}

type myWelfareBody struct {
	VerificationID string `json:"verification_id"` // the member's identity verification
	RRN            string `json:"rrn"`
}

func (h *handlers) myWelfare(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) {
		return decoded(r, func(in myWelfareBody) (any, error) { return h.c.MyWelfare(r.Context(), a, in.VerificationID, in.RRN) })
	})
}
