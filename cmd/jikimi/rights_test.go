package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/demo"
	"jikimi/errs"
	"jikimi/partners"
	"jikimi/partners/notify"
	"jikimi/rights"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/members"
)

func TestRightsMountDocumentsItsRoutes(t *testing.T) {
	t.Parallel()
	if err := web.CheckMount((&rights.HTTP{}).Mount()); err != nil {
		t.Fatal(err)
	}
}

// A participant files an access request online; the privacy officer finds
// it in the queue and answers it with the CLI, signed in with a staff
// session; the participant sees the answer and reads their data.
func TestRightsEndToEnd(t *testing.T) {
	t.Parallel()
	s, data, creds := startDemo(t)
	c := &bokjiroClient{t: t, base: s.url}
	p := creds.Citizens[0]
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
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			data := t.TempDir()
			args := []string{"--data", data, "--demo"}
			if db == "postgres" {
				args = append(args, "--db", pgmigrated.NewDatabase(t))
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

// A request received on paper from a legal representative of an under-14
// 복지로 member (called again at the mobile number recorded at sign-up,
// giving the code back on standard input) and from a proxy with a power of
// attorney (their identity verified through the identity connector) is
// recorded by `jikimi rights file`; a representative of a member who now
// consents themself, and a proxy whose attorney has expired, are refused
// with their own codes and nothing is written.
func TestRightsOnBehalfOnPaper(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) { onBehalfOnPaper(t, db) })
	}
}

func onBehalfOnPaper(t *testing.T, db string) {
	data := t.TempDir()
	ctx := context.Background()
	store := []string{"--data", data}
	if db == "postgres" {
		store = append(store, "--db", pgmigrated.NewDatabase(t))
	}
	cfg := testConfig(t, append([]string{"--migrate"}, store...)...)
	sys, err := openApp(ctx, env{getenv: noEnv, stdout: io.Discard, stderr: io.Discard}, cfg, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := demo.Seed(ctx, demo.Deps{Vault: sys.vault, Staff: sys.staff, Clock: sys.clk, Accounts: sys.citizens, SQL: sys.st.SQL(), Jobs: sys.jobs}, demoPath(cfg))
	if err != nil {
		t.Fatal(err)
	}
	sms := notify.NewSim(sys.ring.PublicKey(), sys.clk) // the representatives' phones
	lb, err := partners.Listen(sms)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	conn := &connectors{urls: connectorFlag{"sms": lb.URL}, log: slog.New(slog.DiscardHandler)}
	b, err := bokjiroMembership(sys, conn)
	if err != nil {
		t.Fatal(err)
	}
	child := joinChild(t, b.members, sms, "0091")
	grown := joinChild(t, b.members, sms, "0093")
	own := vault.Consent{Scope: "purpose:" + members.PurposeMember, Channel: vault.ChannelWeb, Text: "회원정보 수집·이용에 동의합니다 (본인, 가상)"}
	me := vault.Actor{Kind: vault.Subject, ID: grown, Source: "127.0.0.1"}
	if _, err := sys.vault.Give(ctx, vault.Request{Actor: me, Service: members.ServiceName, Subject: grown}, own); err != nil {
		t.Fatal(err)
	}
	token := officerToken(t, sys, data, creds)
	participant := creds.Citizens[0].Subject
	conn.Close()
	sys.Close()

	getenv := func(k string) string {
		if k == "JIKIMI_STAFF_TOKEN" {
			return token
		}
		return ""
	}
	file := func(stdin io.Reader, args ...string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		e := env{getenv: getenv, stdout: &out, stderr: &errOut, stdin: bufio.NewReader(stdin)}
		err := runRights(ctx, e, append(append([]string{"file", "--channel", "paper", "--kind", "access", "--connector", "sms=" + lb.URL}, store...), args...))
		return out.String(), err
	}
	// the representative gives back the code sent to the recorded mobile
	represent := func(subject, mobile string) (string, error) {
		t.Helper()
		pr, pw := io.Pipe()
		sent := len(sms.To(notify.SMS, mobile))
		go func() {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if got := sms.To(notify.SMS, mobile); len(got) > sent {
					io.WriteString(pw, sixDigits.FindString(got[len(got)-1].Body)+"\n")
					return
				}
			}
			pw.Close()
		}()
		defer pw.Close()
		return file(pr, "--service", "bokjiro", "--subject", subject, "--as", "representative")
	}
	out, err := represent(child, "01000000091")
	if err != nil || !strings.Contains(out, "access verifying") {
		t.Fatalf("the representative's request: %v\n%s", err, out)
	}
	before := openRequests(t, getenv, store)
	if _, err := represent(grown, "01000000093"); reasonOf(err) != "represented_not_minor" {
		t.Fatalf("the representative of a member who now consents themself: %v", err)
	}
	today := time.Now().In(rights.Seoul)
	claim := func() io.Reader {
		return strings.NewReader(`{"name":"이가상","birth_date":"1970-03-04","sex":"F","mobile":"010-0000-0095"}` + "\n")
	}
	attorney := func(from, until time.Time) []string {
		return []string{"--service", "seoul-healthcare", "--subject", participant, "--as", "proxy", "--attorney-kinds", "access",
			"--attorney-from", from.Format(time.DateOnly), "--attorney-until", until.Format(time.DateOnly)}
	}
	if _, err := file(claim(), attorney(today.AddDate(0, -2, 0), today.AddDate(0, 0, -1))...); reasonOf(err) != "attorney_expired" {
		t.Fatalf("an expired power of attorney: %v", err)
	}
	if _, err := file(strings.NewReader(""), "--service", "seoul-healthcare", "--subject", participant, "--as", "proxy"); reasonOf(err) != "attorney_missing" {
		t.Fatalf("a proxy without a power of attorney: %v", err)
	}
	if after := openRequests(t, getenv, store); after != before {
		t.Fatalf("refused requests were written: %d open, then %d", before, after)
	}
	out, err = file(claim(), attorney(today.AddDate(0, 0, -1), today.AddDate(0, 1, 0))...)
	if err != nil || !strings.Contains(out, "access verifying") {
		t.Fatalf("the proxy's request: %v\n%s", err, out)
	}
	if after := openRequests(t, getenv, store); after != before+1 {
		t.Fatalf("%d open requests, want %d", after, before+1)
	}
}

var sixDigits = regexp.MustCompile(`\d{6}`)

// joinChild signs an under-14 up to 복지로 with their representative
// (whose mobile ends in suffix), as the portal does, and returns the
// member's subject ID.
func joinChild(t *testing.T, m *members.Service, sms *notify.Sim, suffix string) string {
	t.Helper()
	ctx := context.Background()
	v, err := m.StartVerification(ctx, "010-0000-"+suffix)
	if err != nil {
		t.Fatal(err)
	}
	got := sms.To(notify.SMS, "0100000"+suffix)
	if len(got) == 0 {
		t.Fatal("no code sent to the representative")
	}
	a := members.Application{Name: "최가상", UserID: "child_" + suffix, Password: "gasang-pass-" + suffix, Email: "child" + suffix + "@example.invalid",
		Mobile: "010-0000-1" + suffix[1:], Under14: true, ConsentText: "회원정보 수집·이용에 동의합니다 (법정대리인, 가상)",
		Rep: &members.Representative{Name: "최가상부모", Mobile: "010-0000-" + suffix, Email: "parent" + suffix + "@example.invalid", Verification: v,
			Code: sixDigits.FindString(got[len(got)-1].Body)}}
	mem, err := m.Join(ctx, "127.0.0.1", a)
	if err != nil {
		t.Fatal(err)
	}
	return mem.Subject
}

// officerToken signs the demo privacy officer in.
func officerToken(t *testing.T, sys *app, data string, creds *demo.Credentials) string {
	t.Helper()
	code, _, err := runCmd(t, "demo", "code", "--data", data, "demo.officer")
	if err != nil {
		t.Fatal(err)
	}
	l := demoStaff(t, creds, "demo.officer")
	s, err := sys.staff.Login(context.Background(), l.Login, l.Password, strings.TrimSpace(code), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return s.Token
}

// openRequests counts the open requests `jikimi rights queue` lists.
func openRequests(t *testing.T, getenv func(string) string, store []string) int {
	t.Helper()
	out, errOut, err := runCmdEnv(t, getenv, append([]string{"rights", "queue"}, store...)...)
	if err != nil {
		t.Fatalf("rights queue: %v %s", err, errOut)
	}
	return strings.Count(out, "rr_")
}

func reasonOf(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return fmt.Sprint(err)
}
