package pointsvc

import (
	_ "embed"
	"net/http"
	"strconv"

	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/provision"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// Citizens authenticates a participant's request (package citizen).
type Citizens interface {
	Actor(r *http.Request) (vault.Actor, citizen.Session, error)
}

// Staffs authenticates a staff request in a role (package staff).
type Staffs interface {
	Actor(r *http.Request, role staff.Role) (vault.Actor, *staff.Session, error)
}

// Web is the HTTP surface of points, provisions and city information.
type Web struct {
	Points   *Service
	Provider *provision.Provider
	City     *cityinfo.Targeting
	Citizens Citizens
	Staff    Staffs
}

//go:embed openapi.yaml
var openAPI []byte

// Mount returns the routes under /api/v1/healthcare/.
func (h *Web) Mount() web.Mount {
	const p = "/api/v1/healthcare"
	return web.Mount{Name: "healthcare-points", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: p + "/points", Handle: h.balance},
		{Method: "GET", Path: p + "/points/history", Handle: h.history},
		{Method: "GET", Path: p + "/points/conversions", Handle: h.listConversions},
		{Method: "POST", Path: p + "/points/conversions", Handle: h.convert},
		{Method: "POST", Path: p + "/points/reconciliation", Handle: h.reconcile},
		{Method: "POST", Path: p + "/points/runs", Handle: h.runDay},
		{Method: "GET", Path: p + "/provisions/{provision}/consent", Handle: h.provisionText},
		{Method: "POST", Path: p + "/provisions/{provision}/consent", Handle: h.giveProvision},
		{Method: "DELETE", Path: p + "/provisions/{provision}/consent", Handle: h.withdrawProvision},
		{Method: "POST", Path: p + "/provisions/{provision}/transfers", Handle: h.provide},
		{Method: "GET", Path: p + "/city-info/consent", Handle: h.cityText},
		{Method: "POST", Path: p + "/city-info/consent", Handle: h.optIn},
		{Method: "DELETE", Path: p + "/city-info/consent", Handle: h.optOut},
		{Method: "POST", Path: p + "/city-info/selections", Handle: h.selectRecipients},
		{Method: "POST", Path: p + "/city-info/sends", Handle: h.sendCityInfo},
		{Method: "GET", Path: p + "/city-info/sends/{id}", Handle: h.cityInfoSend},
	}}
}

// participant is the healthcare participant a request acts for.
func (h *Web) participant(r *http.Request) (vault.Actor, error) {
	actor, s, err := h.Citizens.Actor(r)
	if err != nil {
		return actor, err
	}
	if s.Service != ServiceName {
		return vault.Actor{}, citizen.OtherService("서울형 헬스케어 참여자로 로그인해 주세요")
	}
	return actor, nil
}

func (h *Web) balance(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	b, err := h.Points.Balance(r.Context(), a.ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]int64{"balance": b})
	return nil
}

func (h *Web) history(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	before, err1 := queryInt(r, "before")
	limit, err2 := queryInt(r, "limit")
	if err1 != nil || err2 != nil {
		return errs.E(errs.Invalid, "before and limit are whole numbers")
	}
	entries, next, err := h.Points.History(r.Context(), a.ID, before, int(limit))
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []Entry{}
	}
	web.JSON(w, http.StatusOK, struct {
		Entries []Entry `json:"entries"`
		Next    int64   `json:"next,omitempty"`
	}{entries, next})
	return nil
}

func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

func (h *Web) listConversions(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	cs, err := h.Points.Conversions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []Conversion{}
	}
	web.JSON(w, http.StatusOK, map[string][]Conversion{"conversions": cs})
	return nil
}

func (h *Web) convert(w http.ResponseWriter, r *http.Request) error {
	a, err := h.participant(r)
	if err != nil {
		return err
	}
	var in struct {
		Points int64 `json:"points"`
	}
	if err := web.Decode(r, 1024, &in); err != nil {
		return err
	}
	c, err := h.Points.Convert(r.Context(), a, a.ID, in.Points)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusAccepted, c)
	return nil
}

func (h *Web) reconcile(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := h.Staff.Actor(r, staff.HealthOperator); err != nil {
		return err
	}
	rec, err := h.Points.Reconcile(r.Context())
	if err != nil {
		return err
	}
	if rec.Problems == nil {
		rec.Problems = []Problem{}
	}
	web.JSON(w, http.StatusOK, rec)
	return nil
}

// runDay lets a health operator run (or re-run: it is idempotent) a day's
// accrual, or with week set the weekly bonus of the week holding day.
func (h *Web) runDay(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := h.Staff.Actor(r, staff.HealthOperator); err != nil {
		return err
	}
	var in struct {
		Day  measure.Date `json:"day"`
		Week bool         `json:"week"`
	}
	if err := web.Decode(r, 1024, &in); err != nil {
		return err
	}
	if in.Day.IsZero() || !in.Day.Before(measure.DateOf(h.Points.cfg.Clock.Now())) {
		return errs.E(errs.Invalid, "day: want a past day, YYYY-MM-DD")
	}
	var rep any
	var err error
	if in.Week {
		rep, err = h.Points.RunWeek(r.Context(), in.Day)
	} else {
		rep, err = h.Points.RunDay(r.Context(), in.Day)
	}
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, rep)
	return nil
}
