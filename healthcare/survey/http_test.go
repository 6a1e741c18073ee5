package survey

import (
	"net/http"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

func TestSurveyHTTP(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	sv := embedded(t)
	p := participant(t, e, "purpose:health-service")
	h := &HTTP{Surveys: &Surveys{Gate: e.Vault, SQL: e.SQL(), Clock: e.Clock, Surveys: []Survey{sv}},
		Participant: func(r *http.Request) (vault.Actor, error) {
			if web.Bearer(r) != "p" {
				return vault.Actor{}, errs.E(errs.Forbidden, "no session")
			}
			return p, nil
		}}
	m := h.Mount()
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	u := webtest.Serve(t, &web.Server{Policies: e.Policies, Clock: e.Clock, Mounts: []web.Mount{m}}).URL
	path := "/api/v1/healthcare/surveys/" + sv.ID
	answer := `{"consent":true,"answers":{"overall":5,"watch":4}}`
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/surveys", "", "", nil); code != 403 {
		t.Errorf("no session: %d", code)
	}
	if code := webtest.JSON(t, "POST", u+path+"/answers", "p", `{"consent":false,"answers":{"overall":5,"watch":4}}`, nil); code != 400 {
		t.Errorf("no consent: %d", code)
	}
	if code := webtest.JSON(t, "POST", u+path+"/answers", "p", answer, nil); code != 201 {
		t.Fatalf("answer: %d", code)
	}
	if code := webtest.JSON(t, "POST", u+path+"/answers", "p", answer, nil); code != 409 {
		t.Errorf("second answer: %d", code)
	}
	var got surveyBody
	if code := webtest.JSON(t, "GET", u+path, "p", "", &got); code != 200 || got.Response == nil || got.Response.Answers["overall"] != float64(5) {
		t.Fatalf("survey: %d %+v", code, got.Response)
	}
	var list listBody
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/surveys", "p", "", &list); code != 200 || !list.Surveys[0].Answered {
		t.Fatalf("list: %d %+v", code, list)
	}
	if code := webtest.JSON(t, "GET", u+"/api/v1/healthcare/surveys/nope", "p", "", nil); code != 404 {
		t.Errorf("unknown survey: %d", code)
	}
}
