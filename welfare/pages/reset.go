package pages

import (
	"net/http"
	"strings"

	"jikimi/errs"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/members"
)

// resetPage is 비밀번호 재설정, for a member who cannot sign in: first the
// user ID and who they are, verified by the identity-verification service
// (본인확인); then, with the ticket that verification earned (an opaque
// ID carried by the form, never in the URL), the new password twice.
// Every mismatch has one answer, and too many from one address are
// refused for a while (members.VerifyReset), so the page tells no one who
// is a member.
type resetPage struct {
	web.Base
	Login  string
	Claim  identity.Claim // typed back after a refusal
	Ticket string         // the verified step: the new password's form
	Error  string
}

const resetTitle = "비밀번호 재설정"

func (p *Pages) resetForm(w http.ResponseWriter, r *http.Request) error {
	return pages.Render(w, r, http.StatusOK, "reset", &resetPage{Base: web.Base{Site: Site, Title: resetTitle}})
}

// verifyReset verifies the identity and, when it is the member of the
// user ID, shows the new password's form.
func (p *Pages) verifyReset(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	c := identity.Claim{Name: strings.TrimSpace(f.Get("name")), BirthDate: f.Get("birth_date"), Sex: f.Get("sex"), Mobile: strings.TrimSpace(f.Get("mobile"))}
	page := &resetPage{Base: web.Base{Site: Site, Title: resetTitle}, Login: strings.TrimSpace(f.Get("login")), Claim: c}
	if page.Login == "" || c.Name == "" || c.BirthDate == "" || c.Sex == "" || c.Mobile == "" {
		page.Error = "아이디와 본인확인을 위한 성명, 생년월일, 성별, 휴대전화 번호를 모두 입력해 주세요."
		return pages.Render(w, r, http.StatusBadRequest, "reset", page)
	}
	ver, err := p.cfg.Members.StartReset(r.Context(), partners.IdempotencyKey(r), c)
	if err != nil {
		return p.refused(w, r, "reset", page, &page.Error, err)
	}
	ticket, err := p.cfg.Members.VerifyReset(r.Context(), web.ClientIP(r), page.Login, ver)
	if err != nil {
		return p.refused(w, r, "reset", page, &page.Error, err)
	}
	page.Ticket, page.Claim = ticket, identity.Claim{}
	page.Notice = "본인확인이 끝났습니다. 10분 안에 새 비밀번호를 정해 주세요."
	return pages.Render(w, r, http.StatusOK, "reset", page)
}

// resetPassword sets the new password of the ticket's member: the
// passwords typed twice must agree and be strong, else the form is shown
// again with the same ticket and nothing is written. The member's lock is
// cleared and every session ends; they sign in with the new password.
func (p *Pages) resetPassword(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	page := &resetPage{Base: web.Base{Site: Site, Title: resetTitle}, Ticket: f.Get("ticket")}
	subject, err := p.cfg.Members.ResetSubject(page.Ticket)
	if err != nil {
		page.Ticket = ""
		return p.refused(w, r, "reset", page, &page.Error, err)
	}
	if msg := newPasswordProblem(f.Get("new_password"), f.Get("new_password_again")); msg != "" {
		page.Error = msg
		return pages.Render(w, r, http.StatusBadRequest, "reset", page)
	}
	me := vault.Actor{Kind: vault.Subject, ID: subject, Source: web.ClientIP(r)}
	if err := p.cfg.Accounts.SetPassword(r.Context(), me, Service, members.PurposeMember, f.Get("new_password")); err != nil {
		if errs.Code(err) != errs.Invalid {
			return err
		}
		page.Error = web.Korean(err)
		return pages.Render(w, r, http.StatusBadRequest, "reset", page)
	}
	p.cfg.Members.EndReset(page.Ticket)
	return web.SeeOther(w, r, Site.SignIn+"?reset=1")
}
