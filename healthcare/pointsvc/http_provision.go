package pointsvc

import (
	"net/http"

	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/provision"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

func (h *Web) provisionText(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.Provider.Consents.Provision(r.PathValue("provision"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]string{"recipient": pr.Recipient, "text": provision.Text(pr)})
	return nil
}

func (h *Web) giveProvision(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	if err := h.Provider.Consents.Give(r.Context(), a, a.ID, r.PathValue("provision"), vault.ChannelWeb); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) withdrawProvision(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	if err := h.Provider.Consents.Withdraw(r.Context(), a, a.ID, r.PathValue("provision")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) provide(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	if err := h.Provider.Provide(r.Context(), a, a.ID, r.PathValue("provision")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) cityText(w http.ResponseWriter, r *http.Request) error {
	text, err := h.City.ConsentText()
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]string{"text": text})
	return nil
}

func (h *Web) optIn(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	if err := h.City.OptIn(r.Context(), a, a.ID, vault.ChannelWeb); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) optOut(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	if err := h.City.OptOut(r.Context(), a, a.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) selectRecipients(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.Staff.Actor(r, staff.HealthOperator)
	if err != nil {
		return err
	}
	var c cityinfo.Criteria
	if err := web.Decode(r, 1024, &c); err != nil {
		return err
	}
	ids, err := h.City.Select(r.Context(), a, c)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string][]string{"subjects": ids})
	return nil
}

// cityInfoSendBody is a send: whom (the selection's criteria) and what.
type cityInfoSendBody struct {
	cityinfo.Criteria
	cityinfo.Message
}

// sendCityInfo sends city information to the participants the criteria
// select, through the outbox; it answers the send with its recipient count.
func (h *Web) sendCityInfo(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.Staff.Actor(r, staff.HealthOperator)
	if err != nil {
		return err
	}
	var in cityInfoSendBody
	if err := web.Decode(r, 8<<10, &in); err != nil {
		return err
	}
	s, err := h.City.Send(r.Context(), a, in.Criteria, in.Message)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, s)
	return nil
}

// cityInfoSend answers a send and how far its deliveries are.
func (h *Web) cityInfoSend(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.Staff.Actor(r, staff.HealthOperator)
	if err != nil {
		return err
	}
	s, err := h.City.SendOf(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, s)
	return nil
}
