package console

import (
	"context"
	"net/http"

	"jikimi/errs"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// Logins clears a citizen login's lock after failed logins
// (*citizen.Accounts), once the person has proved who they are again: the
// same call as `jikimi citizen unlock`.
type Logins interface {
	UnlockLogin(ctx context.Context, r vault.Request, login string) (string, error)
}

// The help desk's work: a service's account purpose, whose login name
// the unlock looks up (복지로's membership is the caseworker's, 손목닥터
// 9988's enrolment the health operator's, as their policies declare).
var (
	needMembership = need{staff.Caseworker, "bokjiro", "membership"}
	needEnrolment  = need{staff.HealthOperator, "seoul-healthcare", "enrolment"}
)

func (c *Console) loginRoutes() []web.Route {
	var routes []web.Route
	for path, n := range map[string]need{"/staff/bokjiro/logins": needMembership, "/staff/healthcare/logins": needEnrolment} {
		routes = append(routes,
			web.Route{Method: "GET", Path: path, Handle: func(w http.ResponseWriter, r *http.Request) error { return c.loginsPage(w, r, n, path) }},
			web.Route{Method: "POST", Path: path + "/unlock", Handle: func(w http.ResponseWriter, r *http.Request) error { return c.unlockLogin(w, r, n, path) }})
	}
	return routes
}

type loginsPage struct {
	page
	Service      string
	Action       string
	Login, Error string
}

// loginWork is working for n's account purpose, when the console can unlock.
func (c *Console) loginWork(w http.ResponseWriter, r *http.Request, n need) (vault.Actor, *staff.Session, bool, error) {
	if c.cfg.Logins == nil {
		return vault.Actor{}, nil, false, errs.E(errs.Unavailable, "로그인 잠금 해제는 이 서버에서 쓸 수 없습니다.")
	}
	return c.working(w, r, n)
}

func (c *Console) loginsPage(w http.ResponseWriter, r *http.Request, n need, path string) error {
	_, sess, ok, err := c.loginWork(w, r, n)
	if !ok {
		return err
	}
	p := &loginsPage{page: c.page(sess, "로그인 잠금 해제"), Service: serviceName(n.Service), Action: path + "/unlock"}
	if r.URL.Query().Get("done") == "unlocked" {
		p.Notice = "잠금을 풀었습니다. 본인이 바로 다시 로그인할 수 있습니다."
	}
	return pages.Render(w, r, http.StatusOK, "logins", p)
}

// loginRefusals say why an unlock did nothing.
var loginRefusals = map[string]string{
	errs.NotFound: "그 아이디의 계정이 없습니다. 아이디를 확인해 주세요.",
	errs.Invalid:  "아이디와, 본인을 어떻게 확인했는지(사유)를 적어 주세요.",
}

// unlockLogin looks the login name up through the gate as the member
// working for the account purpose, with the reason (both in the access
// log), and clears its lock.
func (c *Console) unlockLogin(w http.ResponseWriter, r *http.Request, n need, path string) error {
	a, sess, ok, err := c.loginWork(w, r, n)
	if !ok {
		return err
	}
	login, reason := r.PostForm.Get("login"), r.PostForm.Get("reason")
	_, err = c.cfg.Logins.UnlockLogin(r.Context(), vault.Request{Actor: a, Service: n.Service, Purpose: n.Purpose, Reason: reason}, login)
	if msg, ok := refusal(err, loginRefusals); ok {
		p := &loginsPage{page: c.page(sess, "로그인 잠금 해제"), Service: serviceName(n.Service), Action: path + "/unlock", Login: login, Error: msg}
		return pages.Render(w, r, http.StatusBadRequest, "logins", p)
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, path+"?done=unlocked")
}
