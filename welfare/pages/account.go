package pages

import (
	"net/http"
	"strings"

	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/members"
)

// profilePage is 회원정보 수정: the member's own contact items (the e-mail
// address and mobile number), read and changed through the gate with the
// member as the actor. The name and user ID are shown, not edited: a new
// name is a correction request on "내 개인정보".
type profilePage struct {
	web.Base
	Name, UserID  string
	Email, Mobile string // as stored, or as typed back after a refusal
	Error         string
}

const profileTitle = "회원정보 수정"

var profileDone = map[string]string{
	"changed":   "회원정보를 바꿨습니다.",
	"unchanged": "바뀐 내용이 없어 그대로 두었습니다.",
	"password":  "비밀번호를 바꿨습니다. 다른 기기와 브라우저의 로그인은 모두 종료되었습니다.",
}

func (p *Pages) profilePage(r *http.Request) (vault.Actor, *profilePage, error) {
	me, err := p.member(r)
	if err != nil {
		return me, nil, err
	}
	v, err := p.cfg.Members.Profile(r.Context(), me, me.ID)
	if err != nil {
		return me, nil, err
	}
	return me, &profilePage{Base: web.Base{Site: Site, Title: profileTitle, SignedIn: true, Notice: profileDone[r.URL.Query().Get("done")]},
		Name: v["name"], UserID: v["user_id"], Email: v["email"], Mobile: v["mobile"]}, nil
}

func (p *Pages) profile(w http.ResponseWriter, r *http.Request) error {
	_, page, err := p.profilePage(r)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "profile", page)
}

// changeProfile changes the contact items; a malformed one is shown back
// with the reason, and nothing is written.
func (p *Pages) changeProfile(w http.ResponseWriter, r *http.Request) error {
	me, page, err := p.profilePage(r)
	if err != nil {
		return err
	}
	before := members.Contact{Email: page.Email, Mobile: page.Mobile}
	c := members.Contact{Email: strings.TrimSpace(r.PostForm.Get("email")), Mobile: strings.TrimSpace(r.PostForm.Get("mobile"))}
	page.Email, page.Mobile, page.Notice = c.Email, c.Mobile, ""
	if err := p.cfg.Members.ChangeContact(r.Context(), me, me.ID, c); err != nil {
		return p.refused(w, r, "profile", page, &page.Error, err)
	}
	done := "changed"
	if c == before {
		done = "unchanged"
	}
	return web.SeeOther(w, r, "/bokjiro/account?done="+done)
}

// passwordPage is 비밀번호 변경: the current password, then the new one
// twice. Nothing typed is ever shown back.
type passwordPage struct {
	web.Base
	Error string
}

const passwordTitle = "비밀번호 변경"

func (p *Pages) passwordForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.member(r); err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "password", &passwordPage{Base: web.Base{Site: Site, Title: passwordTitle, SignedIn: true}})
}

// passwordErrors are the Korean answers to a refused change, by reason.
var passwordErrors = map[string]string{
	"wrong_password":    "현재 비밀번호가 맞지 않습니다. 비밀번호는 바뀌지 않았습니다. 5번 틀리면 계정이 잠깁니다.",
	"account_locked":    "비밀번호를 여러 번 틀려 계정이 잠겼습니다. 잠시 후 다시 시도하거나 비밀번호 재설정으로 새 비밀번호를 정해 주세요.",
	"too_many_attempts": "이 곳에서 실패한 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.",
}

// changePassword checks the current password as a sign-in does (counted
// toward the lock) and stores the new one; every other session of the
// member ends, and this browser gets a new one.
func (p *Pages) changePassword(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	page := &passwordPage{Base: web.Base{Site: Site, Title: passwordTitle, SignedIn: true}}
	f := r.PostForm
	if msg := newPasswordProblem(f.Get("new_password"), f.Get("new_password_again")); msg != "" {
		page.Error = msg
		return pages.Render(w, r, http.StatusBadRequest, "password", page)
	}
	s, err := p.cfg.Accounts.ChangePassword(r.Context(), me, Service, members.PurposeMember, f.Get("current_password"), f.Get("new_password"))
	if err != nil {
		if msg, ok := passwordErrors[reasonOf(err)]; ok {
			page.Error = msg
			return pages.Render(w, r, http.StatusBadRequest, "password", page)
		}
		return p.refused(w, r, "password", page, &page.Error, err)
	}
	p.cfg.Accounts.BeginPageSession(w, r, s)
	return web.SeeOther(w, r, "/bokjiro/account?done=password")
}

// newPasswordProblem is what is wrong with a new password typed twice.
func newPasswordProblem(pw, again string) string {
	switch {
	case pw == "":
		return "새 비밀번호를 입력해 주세요."
	case pw != again:
		return "새 비밀번호와 확인이 서로 다릅니다. 같은 비밀번호를 두 번 입력해 주세요."
	}
	return ""
}
