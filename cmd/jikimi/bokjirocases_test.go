package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// A member joins, applies and reports fraud through the real server; the
// demo caseworker answers the application; the outbox worker files the
// report with both complaint simulators.
func TestBokjiroCasesEndToEnd(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	c := &bokjiroClient{t: t, base: s.url}
	c.do("POST", "/api/v1/bokjiro/members", "", `{"name":"정가상","user_id":"e2e_jeong","password":"가상-Passw0rd!","email":"jeong@example.invalid","mobile":"010-0000-0006","consent_text":"동의합니다."}`, 201)
	me := c.do("POST", "/api/v1/session", "", `{"service":"bokjiro","login":"e2e_jeong","password":"가상-Passw0rd!"}`, 201)["token"].(string)
	app := c.do("POST", "/api/v1/bokjiro/applications", me, `{"service":"WLF1","items":{"name":"정가상","rrn":"900101-1000000","address":"가상","household_relation":"본인"}}`, 201)["id"].(string)
	c.do("POST", "/api/v1/bokjiro/applications/"+app+"/submit", me, ``, 200)
	cw := c.caseworker(data)
	c.do("POST", "/api/v1/bokjiro/caseworker/applications/"+app+"/review", cw, ``, 200)
	c.do("POST", "/api/v1/bokjiro/caseworker/applications/"+app+"/result", cw, `{"outcome":"approved"}`, 200)
	if got := c.do("GET", "/api/v1/bokjiro/applications/"+app, me, ``, 200); got["outcome"] != "approved" {
		t.Fatalf("application %v", got)
	}
	items := `"name":"정가상","address":"가상","mobile":"010-0000-0006","landline":"02-0000-0006","email":"jeong@example.invalid"`
	report := items + `,"report_content":"가상 사업장이 근로 사실을 숨기고 급여를 받습니다"`
	c.do("POST", "/api/v1/bokjiro/fraud-reports", me, `{"items":{`+report+`},"consents":["epeople"]}`, 403)
	c.do("POST", "/api/v1/bokjiro/fraud-reports", me, `{"items":{`+items+`},"consents":["epeople","clean-portal"]}`, 400) // without what is reported
	rep := c.do("POST", "/api/v1/bokjiro/fraud-reports", me, `{"items":{`+report+`},"consents":["epeople","clean-portal"]}`, 201)["id"].(string)
	help := c.do("POST", "/api/v1/bokjiro/help-requests", me, `{"items":{`+items+`,"help_content":"방문 돌봄이 필요합니다"}}`, 201)["id"].(string)
	c.do("POST", "/api/v1/bokjiro/caseworker/help-requests/"+help+"/result", cw, `{"outcome":"visited"}`, 200)
	c.do("POST", "/api/v1/bokjiro/caseworker/fraud-reports/"+rep+"/result", cw, `{"outcome":"investigated"}`, 200)
	if got := c.do("GET", "/api/v1/bokjiro/help-requests/"+help, me, ``, 200); got["outcome"] != "visited" || got["items"].(map[string]any)["help_content"] != "방문 돌봄이 필요합니다" {
		t.Fatalf("help request %v", got)
	}
	if got := c.do("GET", "/api/v1/bokjiro/fraud-reports/"+rep, me, ``, 200); got["outcome"] != "investigated" {
		t.Fatalf("fraud report %v", got)
	}
	mine := c.myWelfare(me, `{"name":"정가상","birth_date":"1990-01-01","sex":"M","mobile":"010-0000-0006"}`, "900101-1000000", 200)
	c.do("POST", "/api/v1/bokjiro/members", "", `{"name":"한가상","user_id":"e2e_han","password":"가상-Passw0rd!","email":"han@example.invalid","mobile":"010-0000-0008","consent_text":"동의합니다."}`, 201)
	other := c.do("POST", "/api/v1/session", "", `{"service":"bokjiro","login":"e2e_han","password":"가상-Passw0rd!"}`, 201)["token"].(string)
	theirs := c.myWelfare(other, `{"name":"한가상","birth_date":"1985-05-05","sex":"F","mobile":"010-0000-0008"}`, "850505-2000000", 200)
	if reflect.DeepEqual(mine["pension"], theirs["pension"]) {
		t.Fatalf("two people got the same pension record: %v", mine["pension"])
	}
	// 정가상, verified as themselves, types 한가상's number: refused.
	if got := c.myWelfare(me, `{"name":"정가상","birth_date":"1990-01-01","sex":"M","mobile":"010-0000-0006"}`, "850505-2000000", 403); got["reason"] != "identity_mismatch" {
		t.Fatalf("another's number: %v", got)
	}
	for try := 0; ; try++ { // the worker polls every 2 seconds
		if got := c.do("GET", "/api/v1/bokjiro/fraud-reports/"+rep+"/transfers", me, ``, 200)["items"].([]any); len(got) == 2 {
			break
		}
		if try == 150 {
			t.Fatal("the report was not filed with both complaint systems")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// myWelfare verifies the member's identity with the claim and looks them
// up in 나의 복지서비스 by rrn.
func (c *bokjiroClient) myWelfare(token, claim, rrn string, want int) map[string]any {
	c.t.Helper()
	ver := c.do("POST", "/api/v1/bokjiro/members/me/identity-verifications", token, claim, 201)["verification_id"].(string)
	return c.do("POST", "/api/v1/bokjiro/my-welfare", token, `{"verification_id":"`+ver+`","rrn":"`+rrn+`"}`, want)
}

type bokjiroClient struct {
	t    *testing.T
	base string
}

func (c *bokjiroClient) do(method, path, token, body string, want int) map[string]any {
	c.t.Helper()
	code, raw := api(c.t, method, c.base+path, token, body, nil)
	var out map[string]any
	json.Unmarshal([]byte(raw), &out)
	if code != want {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, code, raw, want)
	}
	return out
}

// caseworker signs the demo caseworker in.
func (c *bokjiroClient) caseworker(data string) string { return c.staff(data, "demo.caseworker") }

// staff signs a demo staff login in.
func (c *bokjiroClient) staff(data, login string) string {
	c.t.Helper()
	return staffSession(c.t, c.base, data, login)
}
