package consult

import (
	"net/http"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

// serve mounts the consultations and returns the test server's URL; the Bearer token "p" is the participant,
// a role name is a staff member holding it.
func serve(t *testing.T, e *vaulttest.Env, p vault.Actor) string {
	h := &HTTP{Consultations: newService(e),
		Participant: func(r *http.Request) (vault.Actor, error) {
			if web.Bearer(r) != "p" {
				return vault.Actor{}, errs.E(errs.Forbidden, "no session")
			}
			return p, nil
		},
		Staff: func(r *http.Request, role string) (vault.Actor, error) {
			if web.Bearer(r) != role {
				return vault.Actor{}, errs.E(errs.Forbidden, "no role")
			}
			return vault.Actor{Kind: vault.Staff, ID: "stf_c", Role: role, Source: "127.0.0.1"}, nil
		}}
	m := h.Mount()
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	return webtest.Serve(t, &web.Server{Policies: e.Policies, Clock: e.Clock, Mounts: []web.Mount{m}}).URL
}

func TestConsultationHTTP(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	u := serve(t, e, participant(t, e, healthConsents...))
	var asked Consultation
	if code := webtest.JSON(t, "POST", u+"/api/v1/healthcare/consultations", "p", `{"question":"가상 질문"}`, &asked); code != 201 {
		t.Fatalf("ask: %d", code)
	}
	if code := webtest.JSON(t, "POST", u+"/api/v1/healthcare/consultations", "p", `{"question":""}`, nil); code != 400 {
		t.Errorf("empty question: %d", code)
	}
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/counsel/queue", "health-operator", "", nil); code != 403 {
		t.Errorf("queue by an operator: %d", code)
	}
	var q queueBody
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/counsel/queue", RoleCounsellor, "", &q); code != 200 || len(q.Waiting) != 1 {
		t.Fatalf("queue: %d %+v", code, q)
	}
	path := "/api/v1/healthcare/counsel/consultations/" + asked.ID
	var opened Consultation
	if code := webtest.JSON(t, "GET", u+path, RoleCounsellor, "", &opened); code != 200 || opened.Question != "가상 질문" {
		t.Fatalf("open: %d %+v", code, opened)
	}
	if code := webtest.JSON(t, "POST", u+path+"/answer", RoleCounsellor, `{"answer":"가상 답변"}`, nil); code != 200 {
		t.Fatalf("answer: %d", code)
	}
	if code := webtest.JSON(t, "POST", u+path+"/answer", RoleCounsellor, `{"answer":"또"}`, nil); code != 409 {
		t.Errorf("second answer: %d", code)
	}
	var mine mineBody
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/consultations", "p", "", &mine); code != 200 || mine.Consultations[0].Answer != "가상 답변" {
		t.Fatalf("mine: %d %+v", code, mine)
	}
}
