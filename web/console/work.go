package console

import (
	"net/http"

	"jikimi/errs"
	"jikimi/staff"
	"jikimi/web"
)

func (c *Console) workRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/work", Handle: c.workForm},
		{Method: "POST", Path: "/staff/work", Handle: c.chooseWork},
		{Method: "POST", Path: "/staff/work/end", Handle: c.endWork},
		{Method: "GET", Path: "/staff/password", Handle: c.passwordForm},
		{Method: "POST", Path: "/staff/password", Handle: c.changePassword},
	}
}

// workPage lists the works the member's roles open, by service.
type workPage struct {
	page
	Roles   []staff.Role
	Choices []workChoice
	Next    string
}

// workChoice is a work the member may choose and the screens it opens.
type workChoice struct {
	staff.Work
	Screens []string
}

// choices are the member's works, each with the screens of the menu it opens.
func (c *Console) choices(sess *staff.Session) []workChoice {
	var out []workChoice
	for _, w := range c.cfg.Staff.Choices(sess) {
		ch := workChoice{Work: w}
		for _, s := range screens {
			if s.need.matches(w) {
				ch.Screens = append(ch.Screens, s.label)
			}
		}
		out = append(out, ch)
	}
	return out
}

func (c *Console) workForm(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.session(r)
	if err != nil {
		return err
	}
	p := &workPage{page: c.page(sess, "업무 목적 선택"), Roles: sess.Roles, Choices: c.choices(sess), Next: nextScreen(r)}
	return pages.Render(w, r, http.StatusOK, "work", p)
}

// chooseWork makes the chosen work the session's, explicitly: a form post.
func (c *Console) chooseWork(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.cfg.Staff.Signed(r)
	if err != nil {
		return err
	}
	work, err := staff.ParseWork(r.PostForm.Get("work"))
	if err != nil {
		return err
	}
	if _, err := c.cfg.Staff.ChooseWork(r.Context(), sess.Token, work); err != nil {
		return err
	}
	return web.SeeOther(w, r, nextScreen(r))
}

func (c *Console) endWork(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.cfg.Staff.Signed(r)
	if err != nil {
		return err
	}
	if err := c.cfg.Staff.EndWork(r.Context(), sess.Token); err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/work")
}

// nextScreen is where to go after choosing: a console path given as next,
// else the home page.
func nextScreen(r *http.Request) string {
	return web.SafeNext(r.FormValue("next"), staff.Site.Prefix, staff.Site.Home)
}

// needWorkPage says which work a screen needs, and offers the switch when
// the member's roles open it.
type needWorkPage struct {
	page
	Needed   staff.Work
	Possible bool
	Next     string
}

func (c *Console) needWork(w http.ResponseWriter, r *http.Request, sess *staff.Session, n need) error {
	p := &needWorkPage{page: c.page(sess, "업무 목적을 먼저 선택해 주세요"), Next: r.URL.Path,
		Needed: staff.Work{Role: n.Role, Service: n.Service, Purpose: n.Purpose}}
	for _, ch := range c.cfg.Staff.Choices(sess) {
		if n.matches(ch) {
			p.Needed, p.Possible = ch, true
		}
	}
	if !p.Possible {
		p.Needed.Title = n.Purpose
	}
	return pages.Render(w, r, http.StatusForbidden, "needwork", p)
}

type passwordPage struct {
	page
	Required bool
	Error    string
}

// passwordForm is open to a session that still owes its password change.
func (c *Console) passwordForm(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.cfg.Staff.Signed(r)
	if err != nil {
		return err
	}
	p := &passwordPage{page: c.page(sess, "비밀번호 변경"), Required: sess.PasswordChangeRequired}
	return pages.Render(w, r, http.StatusOK, "password", p)
}

func (c *Console) changePassword(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.cfg.Staff.Signed(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("new") != f.Get("confirm") {
		return c.passwordAgain(w, r, sess, "새 비밀번호 두 칸이 서로 다릅니다.")
	}
	err = c.cfg.Staff.ChangePassword(r.Context(), sess.AccountID, f.Get("current"), f.Get("new"), web.ClientIP(r))
	switch errs.Code(err) {
	case "":
		return web.SeeOther(w, r, "/staff/work")
	case errs.Invalid, errs.Forbidden:
		return c.passwordAgain(w, r, sess, "바꾸지 못했습니다: 지금 비밀번호가 맞는지, 새 비밀번호가 8자 이상이고 두 종류 이상의 문자를 섞었는지 확인해 주세요.")
	}
	return err
}

func (c *Console) passwordAgain(w http.ResponseWriter, r *http.Request, sess *staff.Session, msg string) error {
	p := &passwordPage{page: c.page(sess, "비밀번호 변경"), Required: sess.PasswordChangeRequired, Error: msg}
	return pages.Render(w, r, http.StatusBadRequest, "password", p)
}
