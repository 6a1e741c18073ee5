package cases

import (
	"net/http"

	"jikimi/vault"
)

type draftBody struct {
	Service string `json:"service"`
	Items   Items  `json:"items"`
}

type itemsBody struct {
	Items Items `json:"items"`
}

type outcomeBody struct {
	Outcome string `json:"outcome"`
}

func (h *handlers) draft(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusCreated, func(a vault.Actor) (any, error) {
		return decoded(r, func(in draftBody) (any, error) { return h.c.Draft(r.Context(), a, in.Service, in.Items) })
	})
}

func (h *handlers) applications(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return listOf(h.c.Applications(r.Context(), a)) })
}

func (h *handlers) application(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return h.c.Application(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) change(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) {
		return decoded(r, func(in itemsBody) (any, error) {
			if err := h.c.ChangeDraft(r.Context(), a, r.PathValue("id"), in.Items); err != nil {
				return nil, err
			}
			return h.c.Application(r.Context(), a, r.PathValue("id"))
		})
	})
}

func (h *handlers) submit(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return h.c.Submit(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) queue(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return listOf(h.c.Queue(r.Context(), a)) })
}

func (h *handlers) review(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return h.c.Review(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) startReview(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return h.c.StartReview(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) history(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return h.c.History(r.Context(), a, r.PathValue("id")) })
}

func (h *handlers) notify(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) {
		return decoded(r, func(in outcomeBody) (any, error) { return h.c.Notify(r.Context(), a, r.PathValue("id"), in.Outcome) })
	})
}

func (h *handlers) requestHelp(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusCreated, func(a vault.Actor) (any, error) {
		return decoded(r, func(in itemsBody) (any, error) { return h.c.RequestHelp(r.Context(), a, in.Items) })
	})
}

func (h *handlers) helpRequests(w http.ResponseWriter, r *http.Request) error {
	return h.asCitizen(w, r, http.StatusOK, func(a vault.Actor) (any, error) { return listOf(h.c.HelpRequests(r.Context(), a)) })
}

func (h *handlers) openHelp(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) { return listOf(h.c.OpenHelpRequests(r.Context(), a)) })
}

func (h *handlers) completeHelp(w http.ResponseWriter, r *http.Request) error {
	return h.asCaseworker(w, r, func(a vault.Actor) (any, error) {
		return decoded(r, func(in outcomeBody) (any, error) {
			return h.c.CompleteHelp(r.Context(), a, r.PathValue("id"), in.Outcome)
		})
	})
}
