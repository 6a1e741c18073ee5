package cases

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

func TestMountIsDocumented(t *testing.T) {
	if err := web.CheckMount((&Cases{}).Mount(Auth{})); err != nil {
		t.Fatal(err)
	}
}

// serve runs the mount; a bearer token is the actor: "staff" is the
// caseworker, any other the subject of that ID.
func (f *fixture) serve(t *testing.T) *httptest.Server {
	t.Helper()
	who := func(r *http.Request) (vault.Actor, error) {
		switch tok := web.Bearer(r); tok {
		case "":
			return vault.Actor{}, errs.E(errs.Forbidden, "sign in first")
		case "staff":
			return staffCW, nil
		default:
			return vault.Actor{Kind: vault.Subject, ID: tok, Source: "127.0.0.1"}, nil
		}
	}
	return webtest.Serve(t, &web.Server{Policies: f.env.Policies, Clock: f.env.Clock,
		Mounts: []web.Mount{f.c.Mount(Auth{Citizen: who, Caseworker: who})}})
}

func call(t *testing.T, ts *httptest.Server, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	return webtest.Map(t, method, ts.URL+"/api/v1/bokjiro"+path, token, body)
}

// The application's whole path over HTTP, with its refusals.
func TestApplicationOverHTTP(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	ts := f.serve(t)
	me := f.citizen(t).ID
	code, out := call(t, ts, "POST", "/applications", me, `{"service":"WLF00001188","items":{"name":"가상신청인","rrn":"000101-3000000"}}`)
	if code != http.StatusCreated || out["state"] != "draft" {
		t.Fatalf("draft: %d %v", code, out)
	}
	id := out["id"].(string)
	code, out = call(t, ts, "POST", "/applications/"+id+"/submit", me, ``)
	if code != http.StatusBadRequest || out["reason"] != "missing_required_items" {
		t.Fatalf("incomplete submit: %d %v", code, out)
	}
	code, _ = call(t, ts, "PATCH", "/applications/"+id, me, `{"items":{"address":"가상시 가상구 1","household_relation":"본인"}}`)
	if code != http.StatusOK {
		t.Fatalf("change: %d", code)
	}
	if code, out = call(t, ts, "POST", "/applications/"+id+"/submit", me, ``); code != http.StatusOK || out["state"] != "submitted" {
		t.Fatalf("submit: %d %v", code, out)
	}
	if code, out = call(t, ts, "PATCH", "/applications/"+id, me, `{"items":{"phone":"010-0000-0003"}}`); code != http.StatusConflict || out["reason"] != "changed_after_submission" {
		t.Fatalf("change after submission: %d %v", code, out)
	}
	if code, _ = call(t, ts, "GET", "/caseworker/applications", "", ``); code != http.StatusForbidden {
		t.Fatalf("queue without a session: %d", code)
	}
	call(t, ts, "POST", "/caseworker/applications/"+id+"/review", "staff", ``)
	if code, out = call(t, ts, "POST", "/caseworker/applications/"+id+"/result", "staff", `{"outcome":"approved"}`); code != http.StatusOK || out["state"] != "notified" {
		t.Fatalf("result: %d %v", code, out)
	}
	if code, out = call(t, ts, "GET", "/applications/"+id, me, ``); code != http.StatusOK || out["outcome"] != "approved" {
		t.Fatalf("read: %d %v", code, out)
	}
}

func TestFraudFormAndSearchOverHTTP(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	ts := f.serve(t)
	me := f.citizen(t).ID
	code, out := call(t, ts, "GET", "/fraud-reports/form", "", ``)
	if code != http.StatusOK || !strings.Contains(out["notice"].(string), "신고를 접수할 수 없습니다") {
		t.Fatalf("form: %d %v", code, out)
	}
	body := `{"items":{"name":"가상","address":"가상","mobile":"010-0000-0001","landline":"02-0000-0001","email":"a@example.invalid"},"consents":["epeople"]}`
	if code, out = call(t, ts, "POST", "/fraud-reports", me, body); code != http.StatusForbidden || out["reason"] != "provision_consent_required" {
		t.Fatalf("report without consent: %d %v", code, out)
	}
	search := `{"name":"가상","rrn":"000101-3000000","address":"가상","email":"a@example.invalid","household_size":1,"health_insurance_premium":0,"monthly_income":%s,"property":0,"debt":0,"car_value":0}`
	if code, out = call(t, ts, "POST", "/welfare-search", me, strings.Replace(search, "%s", "-1", 1)); code != http.StatusBadRequest || out["reason"] != "invalid_input" {
		t.Fatalf("negative income: %d %v", code, out)
	}
	if code, out = call(t, ts, "POST", "/welfare-search", me, strings.Replace(search, "%s", "500000", 1)); code != http.StatusOK || len(out["matches"].([]any)) == 0 || out["kept"] != false {
		t.Fatalf("search: %d %v", code, out)
	}
	kept := strings.Replace(strings.Replace(search, "%s", "500000", 1), `"car_value":0`, `"car_value":0,"keep":"1m"`, 1)
	if code, out = call(t, ts, "POST", "/welfare-search", me, kept); code != http.StatusOK || out["kept"] != true {
		t.Fatalf("kept search: %d %v", code, out)
	}
	if code, out = call(t, ts, "GET", "/welfare-search/kept", me, ``); code != http.StatusOK || len(out["searches"].([]any)) != 1 {
		t.Fatalf("kept searches: %d %v", code, out)
	}
	if code, out = call(t, ts, "POST", "/my-welfare", me, `{"verification_id":"`+verified+`","rrn":"000101-3000000"}`); code != http.StatusOK || len(out) != 4 {
		t.Fatalf("my welfare: %d %v", code, out)
	}
}

// A help request and a fraud report with their content over HTTP: filed,
// read back by their owner only, concluded by the caseworker.
func TestContentAndResultsOverHTTP(t *testing.T) {
	f := newFixtureAt(t, vaulttest.SQLite, contentDay)
	ts := f.serve(t)
	me, other := f.citizen(t).ID, f.citizen(t).ID
	items := `"name":"가상","address":"가상","mobile":"010-0000-0001","landline":"02-0000-0001","email":"a@example.invalid"`
	code, out := call(t, ts, "POST", "/help-requests", me, `{"items":{`+items+`,"help_content":"식사 지원이 필요합니다"}}`)
	if code != http.StatusCreated {
		t.Fatalf("help request: %d %v", code, out)
	}
	help := out["id"].(string)
	if code, out = call(t, ts, "GET", "/help-requests/"+help, me, ``); code != http.StatusOK || out["items"].(map[string]any)["help_content"] != "식사 지원이 필요합니다" {
		t.Fatalf("own help request: %d %v", code, out)
	}
	if code, _ = call(t, ts, "GET", "/help-requests/"+help, other, ``); code != http.StatusNotFound {
		t.Fatalf("another's help request: %d", code)
	}
	if code, out = call(t, ts, "GET", "/caseworker/help-requests/"+help, "staff", ``); code != http.StatusOK || out["items"].(map[string]any)["help_content"] == nil {
		t.Fatalf("caseworker's help request: %d %v", code, out)
	}
	code, out = call(t, ts, "POST", "/fraud-reports", me, `{"items":{`+items+`,"report_content":"가상 사업장의 부정수급"},"consents":["epeople","clean-portal"]}`)
	if code != http.StatusCreated {
		t.Fatalf("fraud report: %d %v", code, out)
	}
	rep := out["id"].(string)
	if code, _ = call(t, ts, "GET", "/fraud-reports/"+rep, other, ``); code != http.StatusNotFound {
		t.Fatalf("another's fraud report: %d", code)
	}
	if code, out = call(t, ts, "GET", "/caseworker/fraud-reports", "staff", ``); code != http.StatusOK || len(out["items"].([]any)) != 1 {
		t.Fatalf("filed reports: %d %v", code, out)
	}
	if code, out = call(t, ts, "GET", "/caseworker/fraud-reports/"+rep, "staff", ``); code != http.StatusOK || out["items"].(map[string]any)["report_content"] != "가상 사업장의 부정수급" {
		t.Fatalf("caseworker's fraud report: %d %v", code, out)
	}
	if code, _ = call(t, ts, "POST", "/caseworker/fraud-reports/"+rep+"/result", me, `{"outcome":"investigated"}`); code != http.StatusForbidden {
		t.Fatalf("a citizen concluding: %d", code)
	}
	if code, out = call(t, ts, "POST", "/caseworker/fraud-reports/"+rep+"/result", "staff", `{"outcome":"investigated"}`); code != http.StatusOK || out["state"] != "concluded" {
		t.Fatalf("conclude: %d %v", code, out)
	}
	if code, out = call(t, ts, "GET", "/fraud-reports/"+rep, me, ``); code != http.StatusOK || out["outcome"] != "investigated" || out["items"].(map[string]any)["report_content"] == nil {
		t.Fatalf("own fraud report: %d %v", code, out)
	}
	if code, out = call(t, ts, "GET", "/caseworker/fraud-reports?state=nonsense", "staff", ``); code != http.StatusBadRequest || out["reason"] != "unknown_state" {
		t.Fatalf("unknown state: %d %v", code, out)
	}
}
