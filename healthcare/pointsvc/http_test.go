package pointsvc

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/points"
	"jikimi/healthcare/provision"
	"jikimi/ids"
	"jikimi/jobs"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

// fakeCitizens takes "Bearer <subject>" for a healthcare session and
// "Bearer other:<subject>" for a session of another service: package
// citizen tests the real sessions.
type fakeCitizens struct{}

func (fakeCitizens) Actor(r *http.Request) (vault.Actor, citizen.Session, error) {
	tok := web.Bearer(r)
	if tok == "" {
		return vault.Actor{}, citizen.Session{}, errs.E(errs.Forbidden, "no session")
	}
	svc := ServiceName
	if sub, ok := strings.CutPrefix(tok, "other:"); ok {
		tok, svc = sub, "bokjiro"
	}
	return self(tok), citizen.Session{Subject: tok, Service: svc}, nil
}

// fakeStaff takes "Bearer operator" as a health operator.
type fakeStaff struct{}

func (fakeStaff) Actor(r *http.Request, role staff.Role) (vault.Actor, *staff.Session, error) {
	if web.Bearer(r) != "operator" || role != staff.HealthOperator {
		return vault.Actor{}, nil, errs.E(errs.Forbidden, "role_missing")
	}
	return vault.Actor{Kind: vault.Staff, ID: "stf_op", Role: string(role), Source: "127.0.0.1"}, &staff.Session{}, nil
}

func (e *env) web() *Web {
	consents := &provision.Consents{Vault: e.Vault, Policies: e.Policies, Clock: e.Clock}
	city := &cityinfo.Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock, Jobs: e.queue}
	jobs.Handle(e.queue, city.Deliver)
	return &Web{
		Points:   e.svc,
		Provider: &provision.Provider{Consents: consents, Recipients: map[string]provision.Recipient{}, NewKey: func() (string, error) { return ids.New(nil, "pv_") }},
		City:     city,
		Citizens: fakeCitizens{}, Staff: fakeStaff{},
	}
}

func TestMountDocumented(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	if err := web.CheckMount(e.web().Mount()); err != nil {
		t.Fatal(err)
	}
}

func TestHTTPPointsConversionAndCityInfo(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	ts := webtest.Serve(t, &web.Server{Policies: e.Policies, Clock: e.Clock, Mounts: []web.Mount{e.web().Mount()}})
	p := e.earner(t, 1, "purpose:health-service") // 1,000 points, no card consent yet
	call := func(method, path, token, body string) (int, string) {
		t.Helper()
		var in io.Reader
		if body != "" {
			in = strings.NewReader(body)
		}
		code, b := webtest.Call(t, method, ts.URL+"/api/v1/healthcare"+path, token, in)
		return code, string(b)
	}
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
		has                             string
	}{
		{"balance", "GET", "/points", p, "", 200, `"balance":1000`},
		{"history", "GET", "/points/history?limit=2", p, "", 200, `"next":`},
		{"bad cursor", "GET", "/points/history?before=x", p, "", 400, "invalid"},
		{"no session", "GET", "/points", "", "", 403, ""},
		{"another service's session", "GET", "/points", "other:" + p, "", 403, "other_service"},
		{"convert without consent", "POST", "/points/conversions", p, `{"points":100}`, 403, "provision_consent_missing"},
		{"consent text", "GET", "/provisions/shinhan-card/consent", "", "", 200, "신한카드"},
		{"unknown provision", "GET", "/provisions/nobody/consent", "", "", 404, "unknown_provision"},
		{"consent", "POST", "/provisions/shinhan-card/consent", p, "", 204, ""},
		{"convert too much", "POST", "/points/conversions", p, `{"points":1001}`, 409, "insufficient_balance"},
		{"convert a bad body", "POST", "/points/conversions", p, `{"points":"many"}`, 400, ""},
		{"convert", "POST", "/points/conversions", p, `{"points":400}`, 202, `"status":"pending"`},
		{"balance after", "GET", "/points", p, "", 200, `"balance":600`},
		{"conversions", "GET", "/points/conversions", p, "", 200, `"points":400`},
		{"transfer without consent", "POST", "/provisions/maeum-suup/transfers", p, "", 404, "unknown_provision"},
		{"city-info text", "GET", "/city-info/consent", "", "", 200, "시정정보"},
		{"opt in", "POST", "/city-info/consent", p, "", 204, ""},
		{"select as a citizen", "POST", "/city-info/selections", p, `{}`, 403, ""},
		{"select", "POST", "/city-info/selections", "operator", `{"district":"종로구","sex":"F"}`, 200, p},
		{"select bad criteria", "POST", "/city-info/selections", "operator", `{"sex":"X"}`, 400, "bad_criteria"},
		{"send as a citizen", "POST", "/city-info/sends", p, `{"title":"안내","body":"본문"}`, 403, ""},
		{"send without a body", "POST", "/city-info/sends", "operator", `{"title":"안내"}`, 400, "bad_message"},
		{"send", "POST", "/city-info/sends", "operator", `{"district":"종로구","title":"건강걷기 대회","body":"12월 20일"}`, 201, `"recipients":1`},
		{"opt out", "DELETE", "/city-info/consent", p, "", 204, ""},
		{"select after opt-out", "POST", "/city-info/selections", "operator", `{}`, 200, `"subjects":[]`},
		{"reconcile", "POST", "/points/reconciliation", "operator", "", 200, `"in_flight":1`},
		{"run a day", "POST", "/points/runs", "operator", `{"day":"2026-03-01"}`, 200, `"seen":0`},
		{"run today", "POST", "/points/runs", "operator", `{"day":"2026-03-02"}`, 400, "past day"},
		{"run as a citizen", "POST", "/points/runs", p, `{"day":"2026-03-02"}`, 403, ""},
	} {
		status, body := call(tc.method, tc.path, tc.token, tc.body)
		if status != tc.status || !strings.Contains(body, tc.has) {
			t.Errorf("%s: %d %s; want %d containing %q", tc.name, status, body, tc.status, tc.has)
		}
	}
	e.runJobs(t)
	e.wantStatus(t, p, Done)
}
