package console

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/stats"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// CityInfo is the optional city information (*cityinfo.Targeting): the
// operator selects recipients by district, age and sex and sends; the
// screen learns how many were selected and reached, never who.
type CityInfo interface {
	Send(ctx context.Context, staff vault.Actor, c cityinfo.Criteria, m cityinfo.Message) (*cityinfo.Send, error)
	SendOf(ctx context.Context, staff vault.Actor, id string) (*cityinfo.Send, error)
	Sends(ctx context.Context, staff vault.Actor, limit int) ([]cityinfo.Send, error)
}

// needCityInfo: 시정정보 제공 (선택) is its own purpose.
var needCityInfo = need{staff.HealthOperator, cityinfo.ServiceName, cityinfo.Purpose}

// cityInfoSendsShown is how many of the latest sends the screen lists.
const cityInfoSendsShown = 20

func (c *Console) cityInfoRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/healthcare/city-info", Handle: c.cityInfoPage},
		{Method: "POST", Path: "/staff/healthcare/city-info/sends", Handle: c.sendCityInfo},
	}
}

type cityInfoPage struct {
	page
	Districts []string
	Form      cityInfoForm
	Error     string
	Sends     []cityinfo.Send
}

// cityInfoForm is what the operator typed, shown again after an error.
type cityInfoForm struct {
	District, MinAge, MaxAge, Sex, Title, Body string
}

// cityInfoWork is working for the city information, when the console has it.
func (c *Console) cityInfoWork(w http.ResponseWriter, r *http.Request) (vault.Actor, *staff.Session, bool, error) {
	if c.cfg.CityInfo == nil {
		return vault.Actor{}, nil, false, errs.E(errs.Unavailable, "시정정보 발송은 이 서버에서 쓸 수 없습니다.")
	}
	return c.working(w, r, needCityInfo)
}

func (c *Console) cityInfoPage(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.cityInfoWork(w, r)
	if !ok {
		return err
	}
	p := &cityInfoPage{page: c.page(sess, "시정정보 발송")}
	if id := r.URL.Query().Get("sent"); id != "" {
		s, err := c.cfg.CityInfo.SendOf(r.Context(), a, id)
		if err != nil {
			return err
		}
		p.Notice = "'" + s.Title + "'을(를) 조건에 맞는 " + strconv.Itoa(s.Recipients) + "명에게 보내도록 발송 대기열에 넣었습니다."
	}
	return c.showCityInfo(w, r, a, http.StatusOK, p)
}

func (c *Console) showCityInfo(w http.ResponseWriter, r *http.Request, a vault.Actor, status int, p *cityInfoPage) error {
	sends, err := c.cfg.CityInfo.Sends(r.Context(), a, cityInfoSendsShown)
	if err != nil {
		return err
	}
	p.Sends = sends
	for _, d := range stats.Districts {
		p.Districts = append(p.Districts, seoulPrefix+d)
	}
	return pages.Render(w, r, status, "cityinfo", p)
}

// seoulPrefix is how an enrolment writes a district.
const seoulPrefix = "서울특별시 "

// sendCityInfo selects the recipients and puts one delivery each in the
// outbox; a malformed form sends nothing and is shown again with what is
// wrong.
func (c *Console) sendCityInfo(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.cityInfoWork(w, r)
	if !ok {
		return err
	}
	f := r.PostForm
	in := cityInfoForm{District: f.Get("district"), MinAge: f.Get("min_age"), MaxAge: f.Get("max_age"), Sex: f.Get("sex"),
		Title: f.Get("title"), Body: f.Get("body")}
	again := func(msg string) error {
		return c.showCityInfo(w, r, a, http.StatusBadRequest, &cityInfoPage{page: c.page(sess, "시정정보 발송"), Form: in, Error: msg})
	}
	const badCriteria = "대상 조건을 확인해 주세요: 나이는 0에서 150 사이의 숫자이고 최대 나이는 최소 나이 이상이어야 합니다."
	minAge, err1 := age(in.MinAge)
	maxAge, err2 := age(in.MaxAge)
	if err1 != nil || err2 != nil {
		return again(badCriteria)
	}
	s, err := c.cfg.CityInfo.Send(r.Context(), a, cityinfo.Criteria{District: in.District, MinAge: minAge, MaxAge: maxAge, Sex: in.Sex},
		cityinfo.Message{Title: in.Title, Body: in.Body})
	var e *errs.Error
	reason := ""
	if errors.As(err, &e) {
		reason = e.Reason
	}
	switch reason {
	case cityinfo.ReasonBadCriteria:
		return again(badCriteria)
	case cityinfo.ReasonBadMessage:
		return again("제목과 본문을 적어 주세요: 제목은 60자, 본문은 1000자 이내이고 제어 문자나 방향 제어 문자는 쓸 수 없습니다.")
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/healthcare/city-info?sent="+s.ID)
}

// age is a form's age: empty is 0 (no bound).
func age(s string) (int, error) {
	if s = strings.TrimSpace(s); s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// criteriaText says a send's conditions in words.
func criteriaText(c cityinfo.Criteria) string {
	var parts []string
	if c.District != "" {
		parts = append(parts, c.District)
	}
	switch {
	case c.MinAge > 0 && c.MaxAge > 0:
		parts = append(parts, "만 "+strconv.Itoa(c.MinAge)+"~"+strconv.Itoa(c.MaxAge)+"세")
	case c.MinAge > 0:
		parts = append(parts, "만 "+strconv.Itoa(c.MinAge)+"세 이상")
	case c.MaxAge > 0:
		parts = append(parts, "만 "+strconv.Itoa(c.MaxAge)+"세 이하")
	}
	switch c.Sex {
	case "F":
		parts = append(parts, "여성")
	case "M":
		parts = append(parts, "남성")
	}
	if len(parts) == 0 {
		return "동의한 참여자 전체"
	}
	return strings.Join(parts, " · ")
}
