package portal

import (
	"context"
	"net/http"

	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/alerts"
	"jikimi/welfare/catalogue"
)

type subscribeBody struct {
	Family                []alerts.FamilyMember `json:"family"`
	Situations            *alerts.Situations    `json:"situations"`
	ConsentText           string                `json:"consent_text"`
	SituationsConsentText string                `json:"situations_consent_text"`
}

func (h *HTTP) subscribe(w http.ResponseWriter, r *http.Request) error {
	if err := h.subscription(r, h.Alerts.Subscribe); err != nil {
		return err
	}
	return created(w, map[string]string{"status": "subscribed"})
}

func (h *HTTP) change(w http.ResponseWriter, r *http.Request) error {
	if err := h.subscription(r, h.Alerts.Change); err != nil {
		return err
	}
	return noContent(w)
}

// subscription reads a subscription's body and hands it to do.
func (h *HTTP) subscription(r *http.Request, do func(context.Context, vault.Actor, string, alerts.Subscription) error) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	var in subscribeBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	return do(r.Context(), actor, subject, alerts.Subscription{Family: in.Family, Situations: in.Situations,
		ConsentText: in.ConsentText, SituationsConsentText: in.SituationsConsentText})
}

type matchBody struct {
	ServiceID string   `json:"service_id"`
	Name      string   `json:"name"`
	Agency    string   `json:"agency"`
	Reasons   []string `json:"reasons"`
}

type familyBody struct {
	*alerts.Family
	Matches []matchBody `json:"matches"`
}

func (h *HTTP) family(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	f, err := h.Alerts.Family(r.Context(), actor, subject)
	if err != nil {
		return err
	}
	ms, err := h.Alerts.Matches(r.Context(), actor, subject)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, familyBody{Family: f, Matches: matchesOf(ms)})
	return nil
}

func matchesOf(ms []catalogue.Match) []matchBody {
	out := make([]matchBody, len(ms))
	for i, m := range ms {
		out[i] = matchBody{ServiceID: m.Service.ID, Name: m.Service.Name, Agency: m.Service.Agency}
		for _, rs := range m.Reasons {
			out[i].Reasons = append(out[i].Reasons, rs.String())
		}
	}
	return out
}

func (h *HTTP) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	if err := h.Alerts.Unsubscribe(r.Context(), actor, subject); err != nil {
		return err
	}
	return noContent(w)
}
