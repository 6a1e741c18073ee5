package console

import (
	"net/http"

	"jikimi/healthcare/consult"
	"jikimi/web"
)

func (c *Console) counsellorRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/healthcare/consultations", Handle: c.consultations},
		{Method: "GET", Path: "/staff/healthcare/consultations/{id}", Handle: c.consultation},
		{Method: "POST", Path: "/staff/healthcare/consultations/{id}/answer", Handle: c.answer},
	}
}

type consultationsPage struct {
	page
	Waiting []consult.Waiting
}

// consultations is the queue: IDs and times only, nobody's question.
func (c *Console) consultations(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needCounsel)
	if !ok {
		return err
	}
	q, err := c.cfg.Consultations.Queue(r.Context(), a)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "consultations", &consultationsPage{page: c.page(sess, "건강상담"), Waiting: q})
}

type consultationPage struct {
	page
	Consultation *consult.Consultation
	Error        string
}

// consultation opens one through the gate (the access log records it).
func (c *Console) consultation(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needCounsel)
	if !ok {
		return err
	}
	cn, err := c.cfg.Consultations.Open(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &consultationPage{page: c.page(sess, "건강상담 답변"), Consultation: cn}
	if r.URL.Query().Get("done") == "1" {
		p.Notice = "답변을 보냈습니다. 참여자가 자기 상담 내역에서 봅니다."
	}
	return pages.Render(w, r, http.StatusOK, "consultation", p)
}

func (c *Console) answer(w http.ResponseWriter, r *http.Request) error {
	a, _, ok, err := c.working(w, r, needCounsel)
	if !ok {
		return err
	}
	cn, err := c.cfg.Consultations.Answer(r.Context(), a, r.PathValue("id"), r.PostForm.Get("answer"))
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/healthcare/consultations/"+cn.ID+"?done=1")
}
