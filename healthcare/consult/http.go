package consult

import (
	_ "embed"
	"net/http"

	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// HTTP serves consultations: participants ask and read their own;
// counsellors see the queue, open and answer.
type HTTP struct {
	Consultations *Consultations
	Participant   func(r *http.Request) (vault.Actor, error)              // a citizen session of the service
	Staff         func(r *http.Request, role string) (vault.Actor, error) // a staff session holding role
}

// Mount is the consultations' HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{Name: "healthcare-consult", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "POST", Path: "/api/v1/healthcare/consultations", Handle: h.ask},
		{Method: "GET", Path: "/api/v1/healthcare/consultations", Handle: h.mine},
		{Method: "GET", Path: "/api/v1/healthcare/counsel/queue", Handle: h.queue},
		{Method: "GET", Path: "/api/v1/healthcare/counsel/consultations/{id}", Handle: h.open},
		{Method: "POST", Path: "/api/v1/healthcare/counsel/consultations/{id}/answer", Handle: h.answer},
	}}
}

// maxBody bounds a question or an answer request (characters are up to 4
// bytes, and JSON may escape them).
const maxBody = 64 << 10

type askBody struct {
	Question string `json:"question"`
}

func (h *HTTP) ask(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Participant(r)
	if err != nil {
		return err
	}
	var in askBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	c, err := h.Consultations.Ask(r.Context(), p, in.Question)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, c)
	return nil
}

type mineBody struct {
	Consultations []*Consultation `json:"consultations"`
}

func (h *HTTP) mine(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Participant(r)
	if err != nil {
		return err
	}
	cs, err := h.Consultations.Mine(r.Context(), p)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, mineBody{cs})
	return nil
}

type queueBody struct {
	Waiting []Waiting `json:"waiting"`
}

func (h *HTTP) queue(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Staff(r, RoleCounsellor)
	if err != nil {
		return err
	}
	q, err := h.Consultations.Queue(r.Context(), c)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, queueBody{q})
	return nil
}

func (h *HTTP) open(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Staff(r, RoleCounsellor)
	if err != nil {
		return err
	}
	con, err := h.Consultations.Open(r.Context(), c, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, con)
	return nil
}

type answerBody struct {
	Answer string `json:"answer"`
}

func (h *HTTP) answer(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Staff(r, RoleCounsellor)
	if err != nil {
		return err
	}
	var in answerBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	con, err := h.Consultations.Answer(r.Context(), c, r.PathValue("id"), in.Answer)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, con)
	return nil
}
