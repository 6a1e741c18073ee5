package web

import (
	"net/http"

	"jikimi/errs"
	"jikimi/policy"
)

// homePage is the front page: the services a person can use here.
type homePage struct {
	Base
	Sites []*Site
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	return ownPages.Render(w, r, http.StatusOK, "home", &homePage{Base: Base{Site: genericSite, Title: "지킴이 공공 서비스"}, Sites: s.sites})
}

// cookiePage is the cookie notice of a service: the policy's notice (what
// cookies are for, how to refuse them, what refusing costs) and the
// cookies this system actually sets.
type cookiePage struct {
	Base
	Policy  *policy.Cookies
	Cookies []CookieInfo
}

func (s *Server) cookiePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.lookup(r.PathValue("service"), "")
	if err != nil {
		return err
	}
	if p.Automatic == nil || p.Automatic.Cookies == nil {
		return errs.E(errs.NotFound, "the policy of %q declares no cookie notice", p.Service)
	}
	site := s.siteOf("/privacy/" + p.Service)
	for _, st := range s.sites {
		if st.ID == p.Service {
			site = st
		}
	}
	return ownPages.Render(w, r, http.StatusOK, "cookies", &cookiePage{
		Base: Base{Site: site, Title: "쿠키 안내"}, Policy: p.Automatic.Cookies, Cookies: Cookies})
}
