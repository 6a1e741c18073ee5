package staff

import (
	"embed"
	"errors"
	"net/http"
	"time"

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
	Work                   Work        // the purpose chosen to work for; none until the member chooses
	Since                  SinceSignIn // failed logins and locks before this sign-in
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
		msg, err := s.signInError(r, err)
		if err != nil {
			return err
		}
		p := &signInPage{Base: web.Base{Site: Site, Title: "직원 로그인"}, Form: web.SignInForm{Action: Site.SignIn, Next: nextPage(r), Code: true,
			Login: f.Get("login"), Error: msg}}
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

// signInError says why a sign-in was refused. That the account is locked,
// and until when, is said only to someone who gave its right password and
// code (Login answers account_locked only then): its holder.
func (s *Service) signInError(r *http.Request, err error) (string, error) {
	reason := ""
	if e := (*errs.Error)(nil); errors.As(err, &e) {
		reason = e.Reason
	}
	switch reason {
	case outcomeLocked:
		until, err := s.LockedUntil(r.Context(), r.PostForm.Get("login"))
		if err != nil {
			return "", err
		}
		return "로그인에 여러 번 실패해 계정이 잠시 잠겼습니다. " + until.In(seoul).Format("1월 2일 15:04") +
			" 이후에 다시 로그인해 주세요(기다리지 않으려면 관리자가 잠금을 풀 수 있습니다). 본인이 실패한 것이 아니면 관리자에게 알려 주세요.", nil
	case outcomeDisabled:
		return "사용이 중지된 계정입니다. 관리자에게 문의하세요.", nil
	case "too_many_attempts":
		return "이 곳에서 로그인 실패가 너무 많습니다. 잠시 후 다시 시도해 주세요.", nil
	}
	return "아이디, 비밀번호 또는 인증 코드가 맞지 않습니다. 인증 앱의 새 코드로 다시 입력해 주세요. 실패가 거듭되면 계정이 잠시 잠깁니다(처음 1분, 거듭될수록 길게).", nil
}

// seoul is the zone staff read times in.
var seoul = time.FixedZone("KST", 9*60*60)

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
	since, err := s.SincePrevious(r.Context(), sess.AccountID)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "home", &homePage{Base: web.Base{Site: Site, Title: "업무 홈", SignedIn: true},
		Roles: sess.Roles, PasswordChangeRequired: sess.PasswordChangeRequired, Work: sess.Work, Since: since})
}
