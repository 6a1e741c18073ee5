package staff

import (
	_ "embed"
	"net/http"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// Mount is the staff sign-in surface: log in with password and TOTP code,
// change the password, log out. Services take the signed-in member's
// actor with Actor.
func (s *Service) Mount() web.Mount {
	return web.Mount{Name: "staff", OpenAPI: openAPI, Site: Site, Pages: s.pageRoutes(), Routes: []web.Route{
		{Method: "POST", Path: "/api/v1/staff/session", Handle: s.httpLogin},
		{Method: "DELETE", Path: "/api/v1/staff/session", Handle: s.httpLogout},
		{Method: "POST", Path: "/api/v1/staff/password", Handle: s.httpChangePassword},
	}}
}

type loginBody struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Code     string `json:"code"`
}

type sessionBody struct {
	Token                  string    `json:"token"`
	Account                string    `json:"account"`
	Roles                  []Role    `json:"roles"`
	Expires                time.Time `json:"expires"`
	PasswordChangeRequired bool      `json:"password_change_required"`
}

func (s *Service) httpLogin(w http.ResponseWriter, r *http.Request) error {
	var in loginBody
	if err := web.Decode(r, 4096, &in); err != nil {
		return err
	}
	sess, err := s.Login(r.Context(), in.Login, in.Password, in.Code, web.ClientIP(r))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, sessionBody{Token: sess.Token, Account: sess.AccountID, Roles: sess.Roles,
		Expires: sess.Expiry, PasswordChangeRequired: sess.PasswordChangeRequired})
	return nil
}

func (s *Service) httpLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Logout(r.Context(), web.Bearer(r)); err != nil {
		return err
	}
	if c, err := r.Cookie(web.StaffSessionCookie); err == nil {
		if err := s.Logout(r.Context(), c.Value); err != nil {
			return err
		}
		web.ClearCookie(w, r, web.StaffSessionCookie)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type passwordBody struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

func (s *Service) httpChangePassword(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.session(r)
	if err != nil {
		return err
	}
	var in passwordBody
	if err := web.Decode(r, 4096, &in); err != nil {
		return err
	}
	if err := s.ChangePassword(r.Context(), sess.AccountID, in.Current, in.New, web.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// session is the staff session of a request: its bearer token, else its
// staff session cookie (the console's pages).
func (s *Service) session(r *http.Request) (*Session, error) {
	token := requestToken(r)
	if token == "" {
		return nil, &errs.Error{Code: errs.Unauthenticated, Reason: "no_session", Message: "sign in as staff first (Authorization: Bearer TOKEN, or the sign-in page)"}
	}
	return s.Authenticate(r.Context(), token)
}

// Actor returns the vault actor of the signed-in staff member acting in
// role. The session must hold the role (roles are read afresh, so a
// revocation applies at once) and must not still owe a password change.
func (s *Service) Actor(r *http.Request, role Role) (vault.Actor, *Session, error) {
	sess, err := s.session(r)
	if err != nil {
		return vault.Actor{}, nil, err
	}
	switch {
	case sess.PasswordChangeRequired:
		return vault.Actor{}, nil, &errs.Error{Code: errs.Forbidden, Reason: "password_change_required", Message: "change the initial password first (POST /api/v1/staff/password)"}
	case !slices.Contains(sess.Roles, role):
		return vault.Actor{}, nil, &errs.Error{Code: errs.Forbidden, Reason: "role_missing", Message: "this account does not hold the role " + string(role)}
	}
	return vault.Actor{Kind: vault.Staff, ID: sess.AccountID, Role: string(role), Source: web.ClientIP(r)}, sess, nil
}
