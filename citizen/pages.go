package citizen

import (
	"embed"
	"net/http"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

//go:embed templates
var templateFS embed.FS

var pages = web.MustParsePages(templateFS, nil, "signin")

// signInPage is a service's sign-in form.
type signInPage struct {
	web.Base
	Form web.SignInForm
}

// SignInPages are a site's sign-in form (GET and POST site.SignIn) and
// sign-out (POST site.SignOut) for the citizens of site.ID, whose account
// purpose is purpose. Signing in ends the session the browser had, opens a
// new one and gives the browser a new form token; signing out ends the
// session on the server and removes the cookie.
func (a *Accounts) SignInPages(site *web.Site, purpose string) []web.Route {
	h := &signIn{a: a, site: site, purpose: purpose}
	return []web.Route{
		{Method: "GET", Path: site.SignIn, Handle: h.form},
		{Method: "POST", Path: site.SignIn, Handle: h.submit},
		{Method: "POST", Path: site.SignOut, Handle: h.signOut},
	}
}

type signIn struct {
	a       *Accounts
	site    *web.Site
	purpose string
}

func (h *signIn) page(r *http.Request) *signInPage {
	p := &signInPage{Base: web.Base{Site: h.site, Title: "로그인"}, Form: web.SignInForm{Action: h.site.SignIn, Next: h.next(r)}}
	switch {
	case r.URL.Query().Get("out") == "1":
		p.Notice = "로그아웃했습니다."
	case r.URL.Query().Get("reset") == "1":
		p.Notice = "비밀번호를 새로 정했습니다. 새 비밀번호로 로그인해 주세요."
	}
	return p
}

func (h *signIn) next(r *http.Request) string {
	return web.SafeNext(r.FormValue("next"), h.site.Prefix, h.site.Home)
}

func (h *signIn) form(w http.ResponseWriter, r *http.Request) error {
	return pages.Render(w, r, http.StatusOK, "signin", h.page(r))
}

func (h *signIn) submit(w http.ResponseWriter, r *http.Request) error {
	login := r.PostForm.Get("login")
	s, err := h.a.Login(r.Context(), h.site.ID, h.purpose, login, r.PostForm.Get("password"), web.ClientIP(r))
	if errs.Code(err) == errs.Forbidden {
		p := h.page(r)
		p.Form.Login = login
		p.Form.Error = "아이디 또는 비밀번호가 맞지 않습니다. 다시 입력해 주세요. 5번 틀리면 계정이 잠깁니다."
		if e, ok := err.(*errs.Error); ok && e.Reason == "account_locked" {
			p.Form.Error = "로그인 실패가 반복되어 계정이 잠겼습니다. 본인확인 후 고객센터에 잠금 해제를 요청해 주세요."
		}
		return pages.Render(w, r, http.StatusUnauthorized, "signin", p)
	}
	if err != nil {
		return err
	}
	h.a.BeginPageSession(w, r, s)
	return web.SeeOther(w, r, h.next(r))
}

// BeginPageSession gives the browser a session just opened (by signing in,
// or by enrolling): the session it had before ends, and its form token is
// renewed.
func (a *Accounts) BeginPageSession(w http.ResponseWriter, r *http.Request, s Session) {
	if old, err := r.Cookie(CookieName); err == nil {
		a.Logout(r.Context(), old.Value)
	}
	web.SetCookie(w, r, CookieName, s.Token)
	web.RotateCSRF(w, r)
}

func (h *signIn) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(CookieName); err == nil {
		if err := h.a.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	web.ClearCookie(w, r, CookieName)
	web.RotateCSRF(w, r)
	return web.SeeOther(w, r, h.site.SignIn+"?out=1")
}

// PageSession is the citizen signed in to service in a browser (by the
// session cookie only, as pages are), as the gate's actor with the session;
// a session of another service is errs.Unauthenticated too, so the page
// asks to sign in to this one.
func (a *Accounts) PageSession(r *http.Request, service string) (vault.Actor, Session, error) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return vault.Actor{}, Session{}, noSession()
	}
	s, err := a.Authenticate(r.Context(), c.Value)
	if err == nil && s.Service != service {
		err = noSession()
	}
	if err != nil {
		return vault.Actor{}, Session{}, err
	}
	return vault.Actor{Kind: vault.Subject, ID: s.Subject, Source: web.ClientIP(r)}, s, nil
}
