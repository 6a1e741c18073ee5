package portal

import (
	"context"
	_ "embed"
	"net/http"

	"jikimi/citizen"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/alerts"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
)

//go:embed openapi.yaml
var openAPI []byte

// maxBody bounds every request body: a family of 20 with its situations
// fits many times over.
const maxBody = 32 << 10

// Citizens authenticates a request's citizen session (citizen.Accounts).
type Citizens interface {
	Actor(r *http.Request) (vault.Actor, citizen.Session, error)
	EndSessions(ctx context.Context, subject string) error
}

// HTTP serves the routes.
type HTTP struct {
	Members    *members.Service
	Alerts     *alerts.Service
	Newsletter *newsletter.Service
	Citizens   Citizens
}

// Mount is the surface, documented by the embedded OpenAPI fragment.
func (h *HTTP) Mount() web.Mount {
	const base = "/api/v1/bokjiro"
	return web.Mount{Name: "bokjiro-members", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "POST", Path: base + "/members/representative-verifications", Handle: h.startVerification},
		{Method: "POST", Path: base + "/members", Handle: h.join},
		{Method: "GET", Path: base + "/members/me", Handle: h.profile},
		{Method: "DELETE", Path: base + "/members/me", Handle: h.withdraw},
		{Method: "POST", Path: base + "/members/me/identity-verifications", Handle: h.startIdentity},
		{Method: "PUT", Path: base + "/members/me/social-security-link", Handle: h.link},
		{Method: "DELETE", Path: base + "/members/me/social-security-link", Handle: h.unlink},
		{Method: "GET", Path: base + "/members/me/social-security", Handle: h.overview},
		{Method: "POST", Path: base + "/welfare-alerts", Handle: h.subscribe},
		{Method: "GET", Path: base + "/welfare-alerts", Handle: h.family},
		{Method: "PUT", Path: base + "/welfare-alerts", Handle: h.change},
		{Method: "DELETE", Path: base + "/welfare-alerts", Handle: h.unsubscribe},
		{Method: "POST", Path: base + "/newsletter", Handle: h.newsletterSubscribe},
		{Method: "POST", Path: base + "/newsletter/unsubscribe", Handle: h.newsletterUnsubscribe},
	}}
}

// member returns the signed-in Bokjiro member.
func (h *HTTP) member(r *http.Request) (vault.Actor, string, error) {
	actor, s, err := h.Citizens.Actor(r)
	if err != nil {
		return vault.Actor{}, "", err
	}
	if s.Service != members.ServiceName {
		return vault.Actor{}, "", citizen.OtherService("복지로 로그인이 필요합니다 (a Bokjiro session is required)")
	}
	return actor, s.Subject, nil
}

func created(w http.ResponseWriter, v any) error {
	web.JSON(w, http.StatusCreated, v)
	return nil
}

func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
