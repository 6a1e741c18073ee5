package survey

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// HTTP serves the surveys to signed-in participants.
type HTTP struct {
	Surveys     *Surveys
	Participant func(r *http.Request) (vault.Actor, error)
}

// Mount is the surveys' HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{Name: "healthcare-survey", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/api/v1/healthcare/surveys", Handle: h.list},
		{Method: "GET", Path: "/api/v1/healthcare/surveys/{id}", Handle: h.get},
		{Method: "POST", Path: "/api/v1/healthcare/surveys/{id}/answers", Handle: h.answer},
	}}
}

type listBody struct {
	Surveys []Summary `json:"surveys"`
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Participant(r)
	if err != nil {
		return err
	}
	ss, err := h.Surveys.List(r.Context(), p)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, listBody{ss})
	return nil
}

// surveyBody is a survey and, once answered, the participant's response.
type surveyBody struct {
	Survey
	Response *Response `json:"response,omitempty"`
}

func (h *HTTP) get(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Participant(r)
	if err != nil {
		return err
	}
	sv, err := h.Surveys.Find(r.PathValue("id"))
	if err != nil {
		return err
	}
	resp, err := h.Surveys.Mine(r.Context(), p, sv.ID)
	if err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	web.JSON(w, http.StatusOK, surveyBody{sv, resp})
	return nil
}

type answerBody struct {
	Consent bool                       `json:"consent"`
	Answers map[string]json.RawMessage `json:"answers"`
}

func (h *HTTP) answer(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Participant(r)
	if err != nil {
		return err
	}
	var in answerBody
	if err := web.Decode(r, 64<<10, &in); err != nil {
		return err
	}
	resp, err := h.Surveys.Answer(r.Context(), p, r.PathValue("id"), in.Consent, in.Answers)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, resp)
	return nil
}
