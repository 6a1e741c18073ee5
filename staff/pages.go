package staff

import (
	"embed"
	"net/http"

	"jikimi/errs"
	"jikimi/web"
)

//go:embed templates
var templateFS embed.FS

var pages = web.MustParsePages(templateFS, nil, "signin", "home")

// Site is the staff console's place in the shared layout. The console's
// pages add their entries to Nav.
var Site = &web.Site{Name: "지킴이 업무 시스템", Prefix: "/staff", Theme: "staff", Home: "/staff",
	SignIn: "/staff/login", SignOut: "/staff/logout",
	Nav: []web.Link{{Href: "/staff", Label: "업무 홈"}, {Href: "/staff/work", Label: "업무 목적 선택"}}}

// signInPage is the staff sign-in form: login name, password and the
// authenticator's code.
type signInPage struct {
	web.Base
	Form web.SignInForm
}

// homePage is the signed-in staff member's start: their roles.
type homePage struct {
	web.Base
	Roles                  []Role
	PasswordChangeRequired bool
	Work                   Work // the purpose chosen to work for; none until the member chooses
}

func (s *Service) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/login", Handle: s.signInForm},
		{Method: "POST", Path: "/staff/login", Handle: s.signInSubmit},
		{Method: "POST", Path: "/staff/logout", Handle: s.signOut},
		{Method: "GET", Path: "/staff", Handle: s.homePage},
	}
}

func nextPage(r *http.Request) string {
	return web.SafeNext(r.FormValue("next"), Site.Prefix, Site.Home)
}

func (s *Service) signInForm(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Base: web.Base{Site: Site, Title: "직원 로그인"}, Form: web.SignInForm{Action: Site.SignIn, Next: nextPage(r), Code: true}}
	if r.URL.Query().Get("out") == "1" {
		p.Notice = "로그아웃했습니다."
	}
	return pages.Render(w, r, http.StatusOK, "signin", p)
}

// signInSubmit opens a session from the form, ending the one the browser
// had, and gives the browser a new form token.
func (s *Service) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	sess, err := s.Login(r.Context(), f.Get("login"), f.Get("password"), f.Get("code"), web.ClientIP(r))
	if errs.Code(err) == errs.Forbidden {
		p := &signInPage{Base: web.Base{Site: Site, Title: "직원 로그인"}, Form: web.SignInForm{Action: Site.SignIn, Next: nextPage(r), Code: true,
			Login: f.Get("login"), Error: "아이디, 비밀번호 또는 인증 코드가 맞지 않습니다. 인증 앱의 새 코드로 다시 입력해 주세요. 계정이 잠겼다면 관리자에게 문의하세요."}}
		return pages.Render(w, r, http.StatusUnauthorized, "signin", p)
	}
	if err != nil {
		return err
	}
	if old, err := r.Cookie(web.StaffSessionCookie); err == nil {
		s.Logout(r.Context(), old.Value)
	}
	web.SetCookie(w, r, web.StaffSessionCookie, sess.Token)
	web.RotateCSRF(w, r)
	return web.SeeOther(w, r, nextPage(r))
}

func (s *Service) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(web.StaffSessionCookie); err == nil {
		if err := s.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	web.ClearCookie(w, r, web.StaffSessionCookie)
	web.RotateCSRF(w, r)
	return web.SeeOther(w, r, Site.SignIn+"?out=1")
}

func (s *Service) homePage(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.session(r)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "home", &homePage{Base: web.Base{Site: Site, Title: "업무 홈", SignedIn: true},
		Roles: sess.Roles, PasswordChangeRequired: sess.PasswordChangeRequired, Work: sess.Work})
}
