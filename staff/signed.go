package staff

import (
	"net/http"

	"jikimi/web"
)

// Signed is the staff session of a request (its bearer token, else its
// staff session cookie), with Token set so that the session can be acted
// on (ChooseWork, EndWork, Logout).
func (s *Service) Signed(r *http.Request) (*Session, error) {
	sess, err := s.session(r)
	if err == nil {
		sess.Token = requestToken(r)
	}
	return sess, err
}

// requestToken is a request's staff session token: its bearer token, else
// its staff session cookie; "" with neither.
func requestToken(r *http.Request) string {
	token := web.Bearer(r)
	if c, err := r.Cookie(web.StaffSessionCookie); token == "" && err == nil {
		token = c.Value
	}
	return token
}
