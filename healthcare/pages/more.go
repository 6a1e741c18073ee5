package pages

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/consult"
	"jikimi/healthcare/content"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/survey"
	"jikimi/web"
)

// consultationsPage lists the participant's consultations with their
// answers and asks a new one.
type consultationsPage struct {
	web.Base
	Items []consultView
	Max   int
	Error string
}

type consultView struct {
	Asked, Question, Answered, Answer string
}

func seoul(t time.Time) string { return t.In(measure.Seoul).Format("2006-01-02 15:04") }

func (p *Pages) consultations(w http.ResponseWriter, r *http.Request) error {
	return show(w, r, "consultations", func(r *http.Request) (*consultationsPage, error) { return p.consultPage(r, "") })
}

func (p *Pages) consultPage(r *http.Request, msg string) (*consultationsPage, error) {
	self, err := p.participant(r)
	if err != nil {
		return nil, err
	}
	mine, err := p.cfg.Consult.Mine(r.Context(), self)
	if err != nil {
		return nil, err
	}
	page := &consultationsPage{Base: base("건강상담"), Max: consult.MaxQuestion, Error: msg}
	page.Notice = notice(r)
	for _, c := range mine {
		v := consultView{Asked: seoul(c.AskedAt), Question: c.Question, Answer: c.Answer}
		if c.AnsweredAt != nil {
			v.Answered = seoul(*c.AnsweredAt)
		}
		page.Items = append(page.Items, v)
	}
	return page, nil
}

func (p *Pages) ask(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	if _, err := p.cfg.Consult.Ask(r.Context(), self, r.PostForm.Get("question")); err != nil {
		return p.formError(w, r, err, "consultations", func(msg string) (web.Page, error) { return p.consultPage(r, msg) })
	}
	return web.SeeOther(w, r, "/healthcare/consultations?done=asked")
}

// surveyPage is the satisfaction survey: its questions and consent, or
// when it was answered.
type surveyPage struct {
	web.Base
	Survey   survey.Survey
	Answered string
	Error    string
}

// satisfaction is the survey the page shows: the first declared.
func (p *Pages) satisfaction() (survey.Survey, error) {
	if len(p.cfg.Surveys.Surveys) == 0 {
		return survey.Survey{}, errs.E(errs.NotFound, "no survey")
	}
	return p.cfg.Surveys.Surveys[0], nil
}

func (p *Pages) survey(w http.ResponseWriter, r *http.Request) error {
	return show(w, r, "survey", func(r *http.Request) (*surveyPage, error) { return p.surveyPage(r, "") })
}

func (p *Pages) surveyPage(r *http.Request, msg string) (*surveyPage, error) {
	self, err := p.participant(r)
	if err != nil {
		return nil, err
	}
	sv, err := p.satisfaction()
	if err != nil {
		return nil, err
	}
	page := &surveyPage{Base: base("만족도 조사"), Survey: sv, Error: msg}
	page.Notice = notice(r)
	list, err := p.cfg.Surveys.List(r.Context(), self)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if s.ID == sv.ID && s.AnsweredAt != nil {
			page.Answered = seoul(*s.AnsweredAt)
		}
	}
	return page, nil
}

// answer stores the survey's answers with its consent (survey.Answer, as
// the JSON API does).
func (p *Pages) answer(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	sv, err := p.satisfaction()
	if err != nil {
		return err
	}
	in := map[string]json.RawMessage{}
	for _, q := range sv.Questions {
		v := r.PostForm.Get(q.ID)
		if v == "" {
			continue
		}
		if q.Kind == "scale" {
			if _, err := strconv.Atoi(v); err != nil {
				continue
			}
			in[q.ID] = json.RawMessage(v)
		} else {
			b, _ := json.Marshal(v)
			in[q.ID] = b
		}
	}
	if _, err := p.cfg.Surveys.Answer(r.Context(), self, sv.ID, r.PostForm.Get("consent") == "yes", in); err != nil {
		return p.formError(w, r, err, "survey", func(msg string) (web.Page, error) { return p.surveyPage(r, msg) })
	}
	return web.SeeOther(w, r, "/healthcare/survey?done=answered")
}

// accountPage is the participant's programme membership: the watch, the
// way to the privacy page, and withdrawal with its consequences first.
type accountPage struct {
	web.Base
	Watch watchView
}

func (p *Pages) account(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	page := &accountPage{Base: base("내 참여 정보")}
	if page.Watch, err = p.watch(r.Context(), self.ID); err != nil {
		return err
	}
	return render(w, r, "account", page)
}

// withdrawnPage confirms withdrawal from the programme.
type withdrawnPage struct{ web.Base }

// withdraw leaves the programme (enrol.Withdraw): consents withdrawn,
// watches revoked, every session ended, the cookie removed.
func (p *Pages) withdraw(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		return errs.E(errs.Invalid, "탈퇴하려면 안내를 읽고 확인란에 표시해 주세요 (confirm: not ticked)")
	}
	if err := p.cfg.Enrol.Withdraw(r.Context(), self.ID, web.ClientIP(r)); err != nil {
		return err
	}
	web.ClearCookie(w, r, web.CitizenSessionCookie)
	web.RotateCSRF(w, r)
	return render(w, r, "withdrawn", &withdrawnPage{Base: web.Base{Site: Site, Title: "탈퇴 완료"}})
}

// contentsPage lists the health articles; articlePage shows one.
type contentsPage struct {
	web.Base
	Articles []content.Article
}

type articlePage struct {
	web.Base
	Article content.Article
}

func (p *Pages) contents(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.participant(r); err != nil {
		return err
	}
	return render(w, r, "contents", &contentsPage{Base: base("건강 콘텐츠"), Articles: p.cfg.Content.List()})
}

func (p *Pages) article(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.participant(r); err != nil {
		return err
	}
	a, err := p.cfg.Content.Get(r.PathValue("id"))
	if err != nil {
		return err
	}
	return render(w, r, "article", &articlePage{Base: base(a.Title), Article: a})
}
