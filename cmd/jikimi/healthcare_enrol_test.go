package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"jikimi/web/webtest"
)

// api calls the running server and decodes its JSON answer into out.
func api(t *testing.T, method, url, token, body string, out any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	status, b := webtest.Call(t, method, url, token, r)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %s", method, url, b)
		}
	}
	return status, string(b)
}

const enrolPassword = "가상-Passw0rd!"

// A synthetic person verifies their identity, enrols, logs in, links a
// watch, and withdraws, through the real program.
func TestHealthcareEnrolEndToEnd(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--data", t.TempDir())
	base := s.url + "/api/v1/healthcare"
	var form struct {
		Consents []struct{ Scope string } `json:"consents"`
	}
	if st, body := api(t, "GET", base+"/enrolment-form", "", "", &form); st != 200 || len(form.Consents) != 6 {
		t.Fatalf("form: %d %s", st, body)
	}
	var ver struct {
		ID string `json:"verification_id"`
	}
	claim := `{"name":"최가상","birth_date":"1960-05-05","sex":"M","mobile":"010-0000-0005"}`
	if st, body := api(t, "POST", base+"/identity-verifications", "", claim, &ver); st != 201 || ver.ID == "" {
		t.Fatalf("verification: %d %s", st, body)
	}
	app := `{"verification_id":"` + ver.ID + `","login":"demo_choi","password":"` + enrolPassword + `",
		"name":"최가상","birth_date":"1960-05-05","sex":"M","mobile":"010-0000-0005",
		"district":"서울특별시 마포구","seoul_tie":"residence",
		"delivery_address":"서울특별시 마포구 가상로 0000","delivery_contact":"010-0000-0005",
		"consents":["purpose:enrolment","purpose:health-service","sensitive:health-service","purpose:watch-delivery","purpose:duplicate-prevention"]}`
	bad := strings.Replace(app, "서울특별시 마포구\"", "서울특별시 가상구\"", 1)
	if st, body := api(t, "POST", base+"/enrolments", "", bad, nil); st != 400 || !strings.Contains(body, `"unknown_district"`) {
		t.Fatalf("bad district: %d %s", st, body)
	}
	var enrolled struct{ Subject string }
	if st, body := api(t, "POST", base+"/enrolments", "", app, &enrolled); st != 201 || enrolled.Subject == "" {
		t.Fatalf("enrol: %d %s", st, body)
	}
	if st, body := api(t, "POST", base+"/enrolments", "", strings.Replace(app, "demo_choi", "demo_choi2", 1), nil); st != 409 || !strings.Contains(body, `"duplicate_enrolment"`) {
		t.Fatalf("second enrolment: %d %s", st, body)
	}
	var sess struct{ Token, Subject string }
	login := `{"service":"seoul-healthcare","login":"demo_choi","password":"` + enrolPassword + `"}`
	if st, body := api(t, "POST", s.url+"/api/v1/session", "", login, &sess); st != 201 || sess.Subject != enrolled.Subject {
		t.Fatalf("login: %d %s", st, body)
	}
	var dev struct {
		ID    string `json:"device_id"`
		Token string `json:"token"`
	}
	if st, body := api(t, "POST", base+"/devices", sess.Token, "", &dev); st != 201 || dev.Token == "" {
		t.Fatalf("link: %d %s", st, body)
	}
	if st, body := api(t, "POST", base+"/devices", "", "", nil); st != 401 || !strings.Contains(body, `"no_session"`) {
		t.Fatalf("link without a session: %d %s", st, body)
	}
	if st, body := api(t, "DELETE", base+"/devices/"+dev.ID, sess.Token, "", nil); st != 204 {
		t.Fatalf("revoke: %d %s", st, body)
	}
	if st, body := api(t, "POST", base+"/withdrawal", sess.Token, "", nil); st != 200 {
		t.Fatalf("withdraw: %d %s", st, body)
	}
	if st, body := api(t, "POST", s.url+"/api/v1/session", "", login, nil); st != 403 || !strings.Contains(body, `"bad_credentials"`) {
		t.Fatalf("login after withdrawal: %d %s", st, body)
	}
}

// The demo participant logs in with what `jikimi demo credentials` prints,
// and their watch is linked with the printed device token.
func TestDemoParticipantLogsIn(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	out, _, err := runCmd(t, "demo", "credentials", "--data", data)
	if err != nil || !strings.Contains(out, "login demo_participant1") || !strings.Contains(out, "device token jkd_") {
		t.Fatalf("credentials: %v\n%s", err, out)
	}
	c := demoCreds(t, data)
	p := c.Citizens[0]
	var sess struct{ Token, Subject string }
	login := `{"service":"seoul-healthcare","login":"` + p.Login + `","password":"` + p.Password + `"}`
	if st, body := api(t, "POST", s.url+"/api/v1/session", "", login, &sess); st != 201 || sess.Subject != p.Subject {
		t.Fatalf("login: %d %s", st, body)
	}
	var devs struct {
		Devices []struct {
			ID string `json:"device_id"`
		} `json:"devices"`
	}
	if st, body := api(t, "GET", s.url+"/api/v1/healthcare/devices", sess.Token, "", &devs); st != 200 || len(devs.Devices) != 1 || devs.Devices[0].ID != p.DeviceID {
		t.Fatalf("devices: %d %s", st, body)
	}
	m := demoCitizen(t, c, "bokjiro")
	login = `{"service":"bokjiro","login":"` + m.Login + `","password":"` + m.Password + `"}`
	if st, body := api(t, "POST", s.url+"/api/v1/session", "", login, &sess); st != 201 || sess.Subject != m.Subject {
		t.Fatalf("bokjiro login: %d %s", st, body)
	}
}
