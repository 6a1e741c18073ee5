package console

import (
	"context"
	"net/http"
	"net/url"

	"jikimi/errs"
	"jikimi/staff"
	"jikimi/web"
)

func (c *Console) adminRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/admin/accounts", Handle: c.accounts},
		{Method: "POST", Path: "/staff/admin/accounts", Handle: c.createAccount},
		{Method: "GET", Path: "/staff/admin/accounts/{id}", Handle: c.account},
		{Method: "POST", Path: "/staff/admin/accounts/{id}/grant", Handle: c.grant},
		{Method: "POST", Path: "/staff/admin/accounts/{id}/revoke", Handle: c.revoke},
		{Method: "POST", Path: "/staff/admin/accounts/{id}/unlock", Handle: c.unlock},
		{Method: "POST", Path: "/staff/admin/accounts/{id}/disable", Handle: c.disable},
	}
}

type accountRow struct {
	staff.Account
	Roles []staff.Role
}

type accountsPage struct {
	page
	Accounts []accountRow
	Form     staff.NewAccount // what was typed, shown again after a refusal
	Error    string
}

// accounts lists every account with its roles now (admin: no personal
// data beyond the staff's own display names).
func (c *Console) accounts(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	return c.showAccounts(w, r, http.StatusOK, &accountsPage{page: c.page(sess, "직원 계정")})
}

func (c *Console) showAccounts(w http.ResponseWriter, r *http.Request, status int, p *accountsPage) error {
	all, err := c.cfg.Staff.Accounts(r.Context())
	if err != nil {
		return err
	}
	for _, a := range all {
		roles, err := c.cfg.Staff.Roles(r.Context(), a.ID)
		if err != nil {
			return err
		}
		p.Accounts = append(p.Accounts, accountRow{Account: a, Roles: roles})
	}
	return pages.Render(w, r, status, "accounts", p)
}

// createdPage shows a new account's initial password and TOTP enrolment,
// this once: they are in this answer only (never in a URL, a redirect or
// a log line; the page is not cached), as the command line prints them once.
type createdPage struct {
	page
	Created *staff.Created
}

// createRefusals say why a new account was refused.
var createRefusals = map[string]string{
	errs.Invalid:  "계정 정보를 확인해 주세요: 아이디는 영문 소문자·숫자·'.'·'_'·'-' 3~64자, 이름은 100자 이내, 직원번호는 영문·숫자·'-' 32자 이내입니다.",
	errs.Conflict: "이미 쓰는 아이디이거나, 이미 계정이 있는 직원입니다. 한 사람에게 계정은 하나입니다.",
}

// createAccount makes an account as the signed-in admin (jikimi staff
// create --by) and shows its secrets once.
func (c *Console) createAccount(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	n := staff.NewAccount{Login: r.PostForm.Get("login"), Name: r.PostForm.Get("name"), Person: r.PostForm.Get("person"), By: sess.AccountID}
	created, err := c.cfg.Staff.Create(r.Context(), n)
	if msg, ok := refusal(err, createRefusals); ok {
		return c.showAccounts(w, r, http.StatusBadRequest, &accountsPage{page: c.page(sess, "직원 계정"), Form: n, Error: msg})
	}
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "created", &createdPage{page: c.page(sess, "새 직원 계정"), Created: created})
}

type accountPage struct {
	page
	Account  accountRow
	Grants   []staff.RoleEvent
	Events   []staff.AccountEvent
	Logins   []staff.LoginEvent
	AllRoles []staff.Role
}

// account shows one account's roles, their grant history (kept three
// years), its own events and its recent logins, with the admin's actions.
func (c *Console) account(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	acc, err := c.cfg.Staff.Account(ctx, id)
	if err != nil {
		return err
	}
	p := &accountPage{page: c.page(sess, "직원 계정: "+acc.Login), AllRoles: staff.AllRoles()}
	p.Account.Account = *acc
	if p.Account.Roles, err = c.cfg.Staff.Roles(ctx, id); err != nil {
		return err
	}
	if p.Grants, err = c.cfg.Staff.History(ctx, id); err != nil {
		return err
	}
	if p.Events, err = c.cfg.Staff.AccountHistory(ctx, id); err != nil {
		return err
	}
	if p.Logins, err = c.cfg.Staff.LoginHistory(ctx, id); err != nil {
		return err
	}
	if len(p.Logins) > 20 {
		p.Logins = p.Logins[len(p.Logins)-20:]
	}
	p.Notice = adminDone[r.URL.Query().Get("done")]
	return pages.Render(w, r, http.StatusOK, "account", p)
}

func (c *Console) grant(w http.ResponseWriter, r *http.Request) error {
	return c.roleChange(w, r, "granted", c.cfg.Staff.Grant)
}

func (c *Console) revoke(w http.ResponseWriter, r *http.Request) error {
	return c.roleChange(w, r, "revoked", c.cfg.Staff.Revoke)
}

// roleChange grants or revokes the form's role as the signed-in admin.
func (c *Console) roleChange(w http.ResponseWriter, r *http.Request, done string, op func(context.Context, staff.RoleChange) error) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	role, err := staff.ParseRole(r.PostForm.Get("role"))
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := op(r.Context(), staff.RoleChange{Account: id, Role: role, By: sess.AccountID, Reason: r.PostForm.Get("reason")}); err != nil {
		return err
	}
	return backToAccount(w, r, id, done)
}

func (c *Console) unlock(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := c.cfg.Staff.Unlock(r.Context(), id, sess.AccountID); err != nil {
		return err
	}
	return backToAccount(w, r, id, "unlocked")
}

func (c *Console) disable(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.Admin)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if r.PostForm.Get("confirm") != "yes" {
		return &errs.Error{Code: errs.Invalid, Reason: "not_confirmed", Message: "계정을 영구히 사용 중지하려면 확인란을 선택해 주세요."}
	}
	if err := c.cfg.Staff.Disable(r.Context(), id, sess.AccountID, r.PostForm.Get("reason")); err != nil {
		return err
	}
	return backToAccount(w, r, id, "disabled")
}

// adminDone confirms what an admin action did, by the code it returns with.
var adminDone = map[string]string{
	"granted":  "역할을 부여했습니다.",
	"revoked":  "역할을 회수했습니다. 그 역할로 열린 화면은 다음 요청부터 열리지 않습니다.",
	"unlocked": "잠금을 풀었습니다.",
	"disabled": "계정을 사용 중지했습니다. 열려 있던 세션은 모두 끝났습니다.",
}

func backToAccount(w http.ResponseWriter, r *http.Request, id, done string) error {
	return web.SeeOther(w, r, "/staff/admin/accounts/"+url.PathEscape(id)+"?done="+done)
}
