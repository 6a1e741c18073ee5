package console

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/web/chart"
)

// The privacy officer's rights queue. A rights request reaches every
// purpose of its subject by law (Act 35-37), so these screens act in the
// officer's role rather than one chosen purpose; each step is in the access
// log under the rights purpose, and what an answer carries out is logged
// purpose by purpose.

func (c *Console) rightsRoutes() []web.Route {
	const base = "/staff/officer/rights"
	return []web.Route{
		{Method: "GET", Path: base, Handle: c.rightsQueue},
		{Method: "GET", Path: base + "/new", Handle: c.rightsNew},
		{Method: "POST", Path: base, Handle: c.rightsFile},
		{Method: "POST", Path: base + "/new/representative", Handle: c.rightsRepresentative},
		{Method: "POST", Path: base + "/new/proxy", Handle: c.rightsProxy},
		{Method: "GET", Path: base + "/{id}", Handle: c.rightsRequest},
		{Method: "POST", Path: base + "/{id}/answer", Handle: c.rightsAnswer},
		{Method: "POST", Path: base + "/{id}/extend", Handle: c.rightsExtend},
		{Method: "POST", Path: base + "/{id}/refuse", Handle: c.rightsRefuse},
		{Method: "POST", Path: base + "/{id}/lift", Handle: c.rightsLift},
	}
}

// officerActor is the signed-in privacy officer as the rights service's actor.
func (c *Console) officerActor(r *http.Request) (vault.Actor, *staff.Session, error) {
	sess, err := c.holding(r, staff.PrivacyOfficer)
	if err != nil {
		return vault.Actor{}, nil, err
	}
	a, _, err := c.cfg.Staff.Actor(r, staff.PrivacyOfficer)
	return a, sess, err
}

type rightsQueuePage struct {
	page
	Requests []*rights.Request
	PerWeek  chart.StackedChart
	Answer   chart.BarChart
}

// rightsQueue lists the open requests, the least time left first, the
// escalated ones marked, with the last twelve weeks in charts.
func (c *Console) rightsQueue(w http.ResponseWriter, r *http.Request) error {
	a, sess, err := c.officerActor(r)
	if err != nil {
		return err
	}
	q, err := c.cfg.Rights.Queue(r.Context(), a, "")
	if err != nil {
		return err
	}
	now := c.cfg.Clock.Now()
	since := weekStart(now).AddDate(0, 0, -7*11)
	all, err := c.cfg.Rights.ReceivedSince(r.Context(), a, since)
	if err != nil {
		return err
	}
	p := &rightsQueuePage{page: c.page(sess, "권리 행사 요구"), Requests: q}
	if id := r.URL.Query().Get("filed"); id != "" {
		for _, rq := range q {
			if rq.ID == id {
				p.Notice = "요구 " + rq.ID + "를 접수했습니다. 결과 기한: " + rq.DueAt.In(seoul).Format("2006-01-02") + ". 요구한 분은 자기 요구 내역에서 볼 수 있습니다."
			}
		}
	}
	p.PerWeek, p.Answer = rightsCharts(since, all)
	return pages.Render(w, r, http.StatusOK, "rights", p)
}

// weekStart is the Monday (in Korea) of t's week.
func weekStart(t time.Time) time.Time {
	t = t.In(seoul)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, seoul)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// rightsCharts: requests per week by kind, and the days each kind took to
// its result, on average, over the answered ones.
func rightsCharts(since time.Time, rs []*rights.Request) (chart.StackedChart, chart.BarChart) {
	weeks := make([]string, 12)
	for i := range weeks {
		weeks[i] = since.AddDate(0, 0, 7*i).Format("01-02")
	}
	series := make([]chart.Series, len(rights.Kinds))
	days, answered := map[rights.Kind]float64{}, map[rights.Kind]float64{}
	for i, k := range rights.Kinds {
		series[i] = chart.Series{Name: k.Korean(), Values: make([]float64, len(weeks))}
	}
	for _, rq := range rs {
		k := slices.Index(rights.Kinds, rq.Kind)
		if w := int(rq.ReceivedAt.Sub(since).Hours() / (24 * 7)); k >= 0 && w >= 0 && w < len(weeks) {
			series[k].Values[w]++
		}
		if rq.AnsweredAt != nil {
			days[rq.Kind] += rq.AnsweredAt.Sub(rq.ReceivedAt).Hours() / 24
			answered[rq.Kind]++
		}
	}
	var vs []chart.Value
	for _, k := range rights.Kinds {
		v := chart.Value{Label: k.Korean(), Hidden: answered[k] == 0, Text: "결과 없음"}
		if !v.Hidden {
			v.N = days[k] / answered[k]
			v.Text = formatDays(v.N, int(answered[k]))
		}
		vs = append(vs, v)
	}
	starts := make([]string, len(weeks))
	for i := range starts {
		starts[i] = since.AddDate(0, 0, 7*i).Format("2006-01-02") + " 주"
	}
	return chart.Stacked("주별 요구 건수", weeks, series).Named("주 (월요일부터)", starts), chart.Bars("결과까지 걸린 평균 일수", vs)
}

type rightsRequestPage struct {
	page
	Detail    *rights.Detail
	Purposes  []purposeName // those the request concerns, to withhold from a partial answer
	Grounds   []rights.Ground
	Deferrals []rights.Ground
}

// rightsRequest opens a request (it is then in progress, and the step is
// logged) with the answer, extend and refuse forms its kind allows.
func (c *Console) rightsRequest(w http.ResponseWriter, r *http.Request) error {
	a, sess, err := c.officerActor(r)
	if err != nil {
		return err
	}
	d, err := c.cfg.Rights.Open(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &rightsRequestPage{page: c.page(sess, "권리 행사 요구 처리"), Detail: d,
		Grounds: rights.GroundsFor(d.Kind), Deferrals: rights.DeferralsFor(d.Kind)}
	if pol, ok := c.cfg.Policies.Current(d.Service, c.cfg.Clock.Now()); ok {
		for _, pu := range pol.Purposes {
			if len(d.Purposes) == 0 || slices.Contains(d.Purposes, pu.ID) {
				p.Purposes = append(p.Purposes, purposeName{pu.ID, pu.Title})
			}
		}
	}
	if r.URL.Query().Get("done") == "lifted" {
		p.Notice = "처리정지를 풀었습니다: 정지했던 목적의 처리가 다시 시작됩니다. 이력과 접속기록에 남았습니다."
	} else if done := r.URL.Query().Get("done"); done != "" {
		p.Notice = stateName(done) + ": 요구한 분이 자기 요구 내역에서 결과를 봅니다."
	}
	return pages.Render(w, r, http.StatusOK, "right", p)
}

// purposeName is a purpose's ID and its published title.
type purposeName struct{ ID, Title string }

func (c *Console) rightsAnswer(w http.ResponseWriter, r *http.Request) error {
	return c.rightsAct(w, r, func(a vault.Actor, id string) (*rights.Request, error) {
		o := rights.Outcome{Withheld: r.PostForm["withheld"], Reason: r.PostForm.Get("reason")}
		return c.cfg.Rights.Answer(r.Context(), a, id, o)
	})
}

func (c *Console) rightsExtend(w http.ResponseWriter, r *http.Request) error {
	return c.rightsAct(w, r, func(a vault.Actor, id string) (*rights.Request, error) {
		return c.cfg.Rights.Extend(r.Context(), a, id, r.PostForm.Get("reason"))
	})
}

func (c *Console) rightsRefuse(w http.ResponseWriter, r *http.Request) error {
	return c.rightsAct(w, r, func(a vault.Actor, id string) (*rights.Request, error) {
		return c.cfg.Rights.Refuse(r.Context(), a, id, r.PostForm.Get("reason"))
	})
}

// rightsLift ends the suspensions an answered suspension request placed
// (as `jikimi rights lift`).
func (c *Console) rightsLift(w http.ResponseWriter, r *http.Request) error {
	return c.rightsAct(w, r, func(a vault.Actor, id string) (*rights.Request, error) {
		rq, err := c.cfg.Rights.Lift(r.Context(), a, id)
		if errs.Code(err) == errs.Conflict {
			return nil, &errs.Error{Code: errs.Conflict, Reason: "nothing_to_lift", Message: "이 요구로 정지된 처리가 없습니다: 이미 재개했거나, 처리정지 요구가 아닙니다. (the request placed no suspension)"}
		}
		return rq, err
	})
}

func (c *Console) rightsAct(w http.ResponseWriter, r *http.Request, fn func(vault.Actor, string) (*rights.Request, error)) error {
	a, _, err := c.officerActor(r)
	if err != nil {
		return err
	}
	rq, err := fn(a, r.PathValue("id"))
	if err != nil {
		return err
	}
	done := string(rq.Status)
	if strings.HasSuffix(r.URL.Path, "/lift") {
		done = "lifted"
	}
	return web.SeeOther(w, r, "/staff/officer/rights/"+rq.ID+"?done="+done)
}
