package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jikimi/rights"
	"jikimi/store/postgres/pgtest"
	"jikimi/web"
)

func TestRightsMountDocumentsItsRoutes(t *testing.T) {
	if err := web.CheckMount((&rights.HTTP{}).Mount()); err != nil {
		t.Fatal(err)
	}
}

// A participant files an access request online; the privacy officer finds
// it in the queue and answers it with the CLI, signed in with a staff
// session; the participant sees the answer and reads their data.
func TestRightsEndToEnd(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	c := &bokjiroClient{t: t, base: s.url}
	p := demoCreds(t, data).Citizens[0]
	me := c.do("POST", "/api/v1/session", "", `{"service":"seoul-healthcare","login":"`+p.Login+`","password":"`+p.Password+`"}`, 201)["token"].(string)
	filed := c.do("POST", "/api/v1/seoul-healthcare/rights/requests", me, `{"kind":"access"}`, 201)
	id, _ := filed["id"].(string)
	if filed["status"] != "received" || filed["due_at"] == nil || id == "" {
		t.Fatalf("filed = %v", filed)
	}
	c.do("POST", "/api/v1/seoul-healthcare/rights/requests", me, `{"kind":"access","subject":"sub_somebodyelse"}`, 404)
	c.do("POST", "/api/v1/seoul-healthcare/rights/requests", me, `{"kind":"gossip"}`, 400)
	c.do("POST", "/api/v1/bokjiro/rights/requests", me, `{"kind":"access"}`, 403)
	c.do("GET", "/api/v1/rights/queue", me, "", 401) // a citizen's token is no staff session
	officer := c.staff(data, "demo.officer")
	q := c.do("GET", "/api/v1/rights/queue", officer, "", 200)
	if !strings.Contains(toJSON(q), id) {
		t.Fatalf("queue = %v", q)
	}
	env := func(k string) string {
		if k == "JIKIMI_STAFF_TOKEN" {
			return officer
		}
		return ""
	}
	out, errOut, err := runCmdEnv(t, env, "rights", "queue", "--data", data)
	if err != nil || !strings.Contains(out, id) || !strings.Contains(out, "11 days left") {
		t.Fatalf("rights queue: %v\n%s%s", err, out, errOut)
	}
	if _, _, err := runCmd(t, "rights", "queue", "--data", data); exitStatus(err) != 2 {
		t.Fatalf("rights queue without a session: %v", err)
	}
	out, errOut, err = runCmdEnv(t, env, "rights", "answer", id, "--data", data)
	if err != nil || !strings.Contains(out, "answered") {
		t.Fatalf("rights answer: %v\n%s%s", err, out, errOut)
	}
	paperCLI(t, env, data, p.Subject)
	if got := c.do("GET", "/api/v1/seoul-healthcare/rights/requests/"+id, me, "", 200); got["status"] != "answered" {
		t.Fatalf("the participant sees %v", got)
	}
	d := c.do("GET", "/api/v1/seoul-healthcare/me/data", me, "", 200)
	if ps, _ := d["purposes"].([]any); len(ps) == 0 || !strings.Contains(toJSON(d["accesses"]), "privacy-officer") {
		t.Fatalf("me/data = %.500s", toJSON(d))
	}
	if strings.Contains(toJSON(d), "$argon2") {
		t.Fatal("me/data hands out the password hash")
	}
	code, body := api(t, "GET", s.url+"/api/v1/seoul-healthcare/me/export?format=fhir&include=name,sex,birth_date", me, "", nil)
	if code != 200 || !strings.Contains(body, `"resourceType":"Bundle"`) || !strings.Contains(body, `"resourceType":"Patient"`) {
		t.Fatalf("FHIR export: %d %.300s", code, body)
	}
	if code, _ := api(t, "GET", s.url+"/api/v1/seoul-healthcare/me/export?format=fhir&include=ci", me, "", nil); code != 400 {
		t.Fatalf("an unknown Patient item: %d", code)
	}
	if code, _ := api(t, "GET", s.url+"/api/v1/bokjiro/me/export?format=fhir", me, "", nil); code != 403 {
		t.Fatalf("another service's export: %d", code)
	}
	code, body = api(t, "GET", s.url+"/api/v1/seoul-healthcare/me/data?format=html", me, "", nil)
	if code != 200 || !strings.Contains(body, "개인정보 열람 결과") || !strings.Contains(body, "동의 내역") {
		t.Fatalf("me/data as a document: %d %.300s", code, body)
	}
}

func runCmdEnv(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// paperCLI: the officer records a request received on paper, opens it,
// extends it, refuses it on a lawful ground, and runs the daily clock,
// all from the command line with the staff session.
func paperCLI(t *testing.T, env func(string) string, data, subject string) {
	t.Helper()
	run := func(args ...string) string {
		t.Helper()
		out, errOut, err := runCmdEnv(t, env, append(append([]string{"rights"}, args...), "--data", data)...)
		if err != nil {
			t.Fatalf("rights %s: %v\n%s%s", args[0], err, out, errOut)
		}
		return out
	}
	filed := run("file", "--service", "seoul-healthcare", "--subject", subject, "--kind", "deletion", "--channel", "paper", "--purposes", "city-info")
	id, _, _ := strings.Cut(filed, " ")
	if !strings.HasPrefix(id, "rr_") || !strings.Contains(filed, "deletion received") {
		t.Fatalf("file: %s", filed)
	}
	if out := run("open", id); !strings.Contains(out, "in_progress") || !strings.Contains(out, "filed subject/paper") {
		t.Fatalf("open: %s", out)
	}
	if out := run("extend", id, "--reason", "volume"); !strings.Contains(out, "extended") {
		t.Fatalf("extend: %s", out)
	}
	if out := run("refuse", id, "--reason", "kept_by_law"); !strings.Contains(out, "refused") || !strings.Contains(out, "reason kept_by_law") {
		t.Fatalf("refuse: %s", out)
	}
	if _, _, err := runCmdEnv(t, env, "rights", "refuse", id, "--reason", "kept_by_law", "--data", data); exitStatus(err) != 1 {
		t.Fatalf("refusing twice: %v", err)
	}
	if out := run("daily"); !strings.Contains(out, "escalated 0") {
		t.Fatalf("daily: %s", out)
	}
	if out, _, err := runCmd(t, "rights", "grounds"); err != nil || !strings.Contains(out, "ongoing_audit") {
		t.Fatalf("grounds: %v %s", err, out)
	}
}

// The API's answers to bad input, through the real server on both
// databases: another person's ID 404, a proxy without a power of attorney
// 403 attorney_missing, an objection to a request without a result 409,
// unknown kinds, purposes and items 400 — and nothing written by any.
func TestRightsBadInputOverHTTP(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			data := t.TempDir()
			args := []string{"--data", data, "--demo"}
			if db == "postgres" {
				args = append(args, "--db", pgtest.NewDatabase(t))
			}
			s := startServe(t, args...)
			c := &bokjiroClient{t: t, base: s.url}
			creds := demoCreds(t, data)
			p, other := creds.Citizens[0], creds.Citizens[1]
			me := c.do("POST", "/api/v1/session", "", `{"service":"seoul-healthcare","login":"`+p.Login+`","password":"`+p.Password+`"}`, 201)["token"].(string)
			R := "/api/v1/seoul-healthcare/rights/requests"
			open := c.do("POST", R, me, `{"kind":"access"}`, 201)["id"].(string)
			for _, tc := range []struct {
				body string
				want int
			}{
				{`{"kind":"access","subject":"` + other.Subject + `"}`, 404},
				{`{"kind":"access","subject":"` + other.Subject + `","as":"proxy","verification":"idv_x"}`, 403},
				{`{"kind":"objection","objects_to":"` + open + `"}`, 409},
				{`{"kind":"gossip"}`, 400},
				{`{"kind":"access","purposes":["marketing"]}`, 400},
				{`{"kind":"correction","items":["enrolment/shoe_size"]}`, 400},
				{`{"kind":"access","channel":"paper"}`, 400},
			} {
				c.do("POST", R, me, tc.body, tc.want)
			}
			if got := c.do("GET", R, me, "", 200)["requests"].([]any); len(got) != 1 {
				t.Fatalf("%d requests after the bad ones, want 1", len(got))
			}
			c.do("GET", R+"/rr_nosuchrequest", me, "", 404)
		})
	}
}
