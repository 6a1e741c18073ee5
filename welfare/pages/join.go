package pages

import (
	"net/http"

	"jikimi/errs"
	"jikimi/rights"
	"jikimi/web"
	"jikimi/welfare/members"
)

// joinPage is membership sign-up. A child under 14 first has their legal
// representative's mobile sent a code (Act 22-2); the form then carries
// the verification's opaque ID, and joining needs the code the
// representative received: without it nothing is written.
type joinPage struct {
	web.Base
	Child        bool   // the under-14 path
	Verification string // the representative's verification (under-14, after the code was sent)
	RepMobile    string // shown back so the child knows where the code went
	Consent      string // the consent text of the membership purpose
	Form         joinForm
	Error        string
}

// joinForm is what was typed, shown again after a refusal (never the
// password or the code).
type joinForm struct{ Name, UserID, Email, Mobile, RepName, RepEmail string }

func (p *Pages) consentText() (string, error) {
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return "", errs.E(errs.NotFound, "no policy")
	}
	return rights.ConsentText(pol, "purpose:"+members.PurposeMember), nil
}

func (p *Pages) joinPage(r *http.Request, child bool) (*joinPage, error) {
	text, err := p.consentText()
	if err != nil {
		return nil, err
	}
	title := "회원가입"
	if child {
		title = "회원가입 (만 14세 미만)"
	}
	return &joinPage{Base: web.Base{Site: Site, Title: title}, Child: child, Consent: text}, nil
}

// joinForm shows the sign-up: ?age=child is the under-14 path.
func (p *Pages) joinStart(w http.ResponseWriter, r *http.Request) error {
	page, err := p.joinPage(r, r.URL.Query().Get("age") == "child")
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "join", page)
}

// sendCode sends the representative's mobile a code and shows the form
// with the verification.
func (p *Pages) sendCode(w http.ResponseWriter, r *http.Request) error {
	page, err := p.joinPage(r, true)
	if err != nil {
		return err
	}
	f := r.PostForm
	page.Form = joinForm{RepName: f.Get("rep_name"), RepEmail: f.Get("rep_email")}
	id, err := p.cfg.Members.StartVerification(r.Context(), f.Get("rep_mobile"))
	if err != nil {
		return p.refused(w, r, "join", page, &page.Error, err)
	}
	page.Verification, page.RepMobile = id, f.Get("rep_mobile")
	page.Notice = "법정대리인의 휴대전화로 인증번호를 보냈습니다. 법정대리인에게 받은 인증번호를 아래에 입력해 주세요."
	return pages.Render(w, r, http.StatusOK, "join", page)
}

// join signs the member up and in.
func (p *Pages) join(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	child := f.Get("age") == "child"
	page, err := p.joinPage(r, child)
	if err != nil {
		return err
	}
	page.Form = joinForm{Name: f.Get("name"), UserID: f.Get("user_id"), Email: f.Get("email"), Mobile: f.Get("mobile"),
		RepName: f.Get("rep_name"), RepEmail: f.Get("rep_email")}
	page.Verification, page.RepMobile = f.Get("verification"), f.Get("rep_mobile")
	if f.Get("consent") != "yes" {
		page.Error = "회원 정보 수집·이용에 동의해야 가입할 수 있습니다."
		return pages.Render(w, r, http.StatusBadRequest, "join", page)
	}
	a := members.Application{Name: page.Form.Name, UserID: page.Form.UserID, Password: f.Get("password"), Email: page.Form.Email,
		Mobile: page.Form.Mobile, Under14: child, ConsentText: page.Consent}
	if child {
		if page.Verification == "" {
			page.Error = "먼저 법정대리인의 휴대전화로 인증번호를 받아 주세요."
			return pages.Render(w, r, http.StatusBadRequest, "join", page)
		}
		a.Rep = &members.Representative{Name: page.Form.RepName, Mobile: page.RepMobile, Email: page.Form.RepEmail,
			Verification: page.Verification, Code: f.Get("code")}
	}
	m, err := p.cfg.Members.Join(r.Context(), web.ClientIP(r), a)
	if err != nil {
		return p.refused(w, r, "join", page, &page.Error, err)
	}
	s, err := p.cfg.Accounts.Login(r.Context(), Service, members.PurposeMember, m.UserID, a.Password, web.ClientIP(r))
	if err != nil {
		return err
	}
	p.cfg.Accounts.BeginPageSession(w, r, s)
	return web.SeeOther(w, r, Site.Home+"?done=welcome")
}

// refused shows a refusal of the domain on the page it came from: the
// domain's messages to members are Korean first ("…한국어 (English)"); an
// unexpected failure is the error page.
func (p *Pages) refused(w http.ResponseWriter, r *http.Request, name string, page web.Page, msg *string, err error) error {
	switch errs.Code(err) {
	case errs.Invalid, errs.Conflict, errs.Forbidden:
	default:
		return err
	}
	*msg = web.Korean(err)
	return pages.Render(w, r, http.StatusBadRequest, name, page)
}

// leave ends the membership (회원 탈퇴): the 복지알림이 first, then the
// membership, then every session.
func (p *Pages) leave(w http.ResponseWriter, r *http.Request) error {
	actor, s, err := p.cfg.Accounts.PageSession(r, Service)
	if err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		page := &homePage{Base: web.Base{Site: Site, Title: "나의 복지로", SignedIn: true}, Error: "탈퇴하려면 안내 내용을 확인했다고 표시해 주세요."}
		return pages.Render(w, r, http.StatusBadRequest, "home", page)
	}
	if err := p.cfg.Alerts.Unsubscribe(r.Context(), actor, s.Subject); err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	if err := p.cfg.Members.Withdraw(r.Context(), actor, s.Subject); err != nil {
		return err
	}
	if err := p.cfg.Accounts.EndSessions(r.Context(), s.Subject); err != nil {
		return err
	}
	web.ClearCookie(w, r, web.CitizenSessionCookie)
	return web.SeeOther(w, r, "/bokjiro?done=left")
}
