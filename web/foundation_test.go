package web

import (
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/clock"
	"jikimi/errs"
)

// The server's own pages match their structs.
func TestOwnPagesMatchTemplates(t *testing.T) {
	for name, page := range map[string]Page{"error": &errorPage{}, "cookies": &cookiePage{}, "home": &homePage{}} {
		if err := CheckPage(ownPages, name, page); err != nil {
			t.Error(err)
		}
	}
}

type checkedPage struct {
	Base
	Items []struct{ Label string }
	Total int
	Ratio map[string]float64
	Any   any
}

func (checkedPage) Twice(n int) int { return 2 * n }

// The page check finds a misspelt field wherever it hides (a branch not
// taken, inside a range, after a variable), and accepts what exists.
func TestCheckPageFindsMistakes(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"fine", `{{.Total}}{{range $i, $x := .Items}}{{$i}}{{$x.Label}}{{$.Title}}{{end}}{{.Ratio.steps}}{{.Any.Whatever}}{{.Twice 2}}{{with .Site}}{{.Name}}{{end}}{{len .Items}}`, ""},
		{"field", `{{.Totl}}`, "has no field or method Totl"},
		{"branch not taken", `{{if false}}{{.Missing}}{{end}}`, "Missing"},
		{"in range", `{{range .Items}}{{.Lable}}{{end}}`, "Lable"},
		{"variable", `{{$s := .Site}}{{$s.Nmae}}`, "Nmae"},
		{"range over int field ok, string not", `{{range .Title}}{{end}}`, "cannot range over string"},
		{"layout too", `{{template "csrf" .Items}}`, "has no field or method CSRF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}` + tt.body + `{{end}}`)}}
			pages, err := ParsePages(fsys, nil, "p")
			if err != nil {
				t.Fatal(err)
			}
			err = CheckPage(pages, "p", &checkedPage{})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("CheckPage = %v, want %q", err, tt.want)
			}
		})
	}
}

//go:embed testdata/form.html
var testPageFS embed.FS

var testPages = func() *Pages {
	sub, _ := fs.Sub(testPageFS, "testdata")
	return MustParsePages(sub, nil, "form")
}()

type formPage struct {
	Base
	Said string
}

var testSite = &Site{ID: "seoul-healthcare", Name: "테스트 서비스", Prefix: "/t", Theme: "healthcare", Home: "/t/form", SignIn: "/t/login", SignOut: "/t/logout"}

// menuSite has as many navigation entries as 손목닥터 9988's signed-in menu.
var menuSite = &Site{ID: "seoul-healthcare", Name: "테스트 서비스", Prefix: "/t", Theme: "healthcare", Home: "/t/form", SignIn: "/t/login", SignOut: "/t/logout",
	Nav: []Link{{"/t/form", "오늘"}, {"/t/a", "건강기록"}, {"/t/b", "포인트"}, {"/t/c", "제휴 서비스"}, {"/t/d", "건강상담"},
		{"/t/e", "건강 콘텐츠"}, {"/t/f", "만족도 조사"}, {"/t/g", "내 참여 정보"}, {"/t/h", "내 개인정보"}}}

// testMount has a form page, a JSON route and a page that needs a
// session (the cookie jikimi_session=good).
func testMount() Mount {
	signedIn := func(r *http.Request) error {
		if c, err := r.Cookie(CitizenSessionCookie); err != nil || c.Value != "good" {
			return errs.E(errs.Unauthenticated, "로그인이 필요합니다 (no session)")
		}
		return nil
	}
	return Mount{Name: "test", Site: testSite, Routes: []Route{
		{"POST", "/api/v1/echo", func(w http.ResponseWriter, r *http.Request) error {
			if err := signedIn(r); err != nil {
				return err
			}
			var in struct{ Say string }
			if err := Decode(r, 1024, &in); err != nil {
				return err
			}
			JSON(w, 200, in)
			return nil
		}},
	}, Pages: []Route{
		{"GET", "/t/form", func(w http.ResponseWriter, r *http.Request) error {
			return testPages.Render(w, r, 200, "form", &formPage{Base: Base{Site: testSite, Title: "양식"}, Said: r.URL.Query().Get("said")})
		}},
		{"POST", "/t/form", func(w http.ResponseWriter, r *http.Request) error {
			return SeeOther(w, r, "/t/form?said="+url.QueryEscape(r.PostForm.Get("say")))
		}},
		{"GET", "/t/menu", func(w http.ResponseWriter, r *http.Request) error {
			return testPages.Render(w, r, 200, "form", &formPage{Base: Base{Site: menuSite, Title: "메뉴", SignedIn: true}})
		}},
		{"GET", "/t/private", func(w http.ResponseWriter, r *http.Request) error { return signedIn(r) }},
		{"GET", "/t/login", func(w http.ResponseWriter, r *http.Request) error {
			SetCookie(w, r, CitizenSessionCookie, "good")
			return nil
		}},
	}}
}

func newFoundationServer(t *testing.T, demo bool) *httptest.Server {
	t.Helper()
	return startServer(t, &Server{Clock: clock.NewFake(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)), Mounts: []Mount{testMount()}, Demo: demo})
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func newReq(t *testing.T, method, u, ctype, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	return req
}

func problem(t *testing.T, res *http.Response, body string) Problem {
	t.Helper()
	var p Problem
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q: %s", ct, body)
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != res.StatusCode || p.Code == "" || p.Detail == "" || p.Type == "" {
		t.Fatalf("not a problem: %d %s", res.StatusCode, body)
	}
	return p
}

// 404, 405, 401, 415 and a domain error all answer in one shape, with a
// Korean detail; 405 keeps Allow and 401 says how to authenticate.
func TestErrorsAreProblems(t *testing.T) {
	ts := newFoundationServer(t, false)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, reason                    string
	}{
		{"unknown path", "GET", "/nowhere", "", "", 404, "not_found", ""},
		{"wrong method", "DELETE", "/healthz", "", "", 405, "method_not_allowed", ""},
		{"no session", "POST", "/api/v1/echo", "application/json", `{}`, 401, "unauthenticated", ""},
		{"domain error", "GET", "/privacy/bokjiro?format=pdf", "", "", 400, "invalid", ""},
		{"text/plain", "POST", "/api/v1/echo", "text/plain", `{}`, 415, "unsupported_media_type", "unsupported_media_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, nil, newReq(t, tt.method, ts.URL+tt.path, tt.ctype, tt.body))
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			p := problem(t, res, body)
			if p.Code != tt.code || tt.reason != "" && p.Reason != tt.reason || !regexp.MustCompile(`\p{Hangul}`).MatchString(p.Detail) {
				t.Fatalf("problem %+v", p)
			}
			if tt.status == 405 && res.Header.Get("Allow") == "" {
				t.Fatal("405 without Allow")
			}
			if tt.status == 401 && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatal("401 without WWW-Authenticate")
			}
			if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Content-Security-Policy") == "" {
				t.Fatalf("headers %v", res.Header)
			}
		})
	}
}

// A JSON route takes JSON only: the same body without its content type is
// refused before the handler reads it.
func TestJSONRoutesRequireJSON(t *testing.T) {
	ts := newFoundationServer(t, false)
	for _, ctype := range []string{"", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"} {
		req := newReq(t, "POST", ts.URL+"/api/v1/echo", ctype, `{"say":"x"}`)
		req.AddCookie(&http.Cookie{Name: CitizenSessionCookie, Value: "good"})
		res, body := do(t, nil, req)
		if res.StatusCode == 200 {
			t.Errorf("content type %q accepted: %s", ctype, body)
		}
	}
	req := newReq(t, "POST", ts.URL+"/api/v1/echo", "application/json; charset=utf-8", `{"say":"x"}`)
	req.AddCookie(&http.Cookie{Name: CitizenSessionCookie, Value: "good"})
	if res, body := do(t, nil, req); res.StatusCode != 200 {
		t.Fatalf("JSON refused: %d %s", res.StatusCode, body)
	}
}

// A cookie-authenticated request from another site is refused whatever its
// content type; the same request from this origin passes.
func TestCrossSiteRefused(t *testing.T) {
	ts := newFoundationServer(t, false)
	for _, tt := range []struct {
		name, ctype, body string
		hdr               map[string]string
	}{
		{"Origin, text/plain", "text/plain", `{"say":"x"}`, map[string]string{"Origin": "https://evil.example"}},
		{"Origin, JSON", "application/json", `{"say":"x"}`, map[string]string{"Origin": "https://evil.example"}},
		{"Sec-Fetch-Site", "application/json", `{"say":"x"}`, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := newReq(t, "POST", ts.URL+"/api/v1/echo", tt.ctype, tt.body)
			req.AddCookie(&http.Cookie{Name: CitizenSessionCookie, Value: "good"})
			for k, v := range tt.hdr {
				req.Header.Set(k, v)
			}
			res, body := do(t, nil, req)
			if p := problem(t, res, body); res.StatusCode != 403 || p.Reason != "cross_origin" {
				t.Fatalf("%d %+v", res.StatusCode, p)
			}
		})
	}
	req := newReq(t, "POST", ts.URL+"/api/v1/echo", "application/json", `{"say":"x"}`)
	req.AddCookie(&http.Cookie{Name: CitizenSessionCookie, Value: "good"})
	req.Header.Set("Origin", ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, body := do(t, nil, req); res.StatusCode != 200 {
		t.Fatalf("same origin refused: %d %s", res.StatusCode, body)
	}
}

var tokenRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// A form post needs the token of the browser's own CSRF cookie: without it,
// with another browser's token, or with none, it is refused (as a Korean
// page to a browser); with it, it goes through.
func TestFormsNeedTheirToken(t *testing.T) {
	ts := newFoundationServer(t, true)
	browser := func() (*http.Client, string) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		res, body := do(t, c, newReq(t, "GET", ts.URL+"/t/form", "", ""))
		m := tokenRE.FindStringSubmatch(body)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("form page: %d %s", res.StatusCode, body)
		}
		return c, m[1]
	}
	alice, aliceToken := browser()
	_, bobToken := browser()
	post := func(c *http.Client, token string) (*http.Response, string) {
		req := newReq(t, "POST", ts.URL+"/t/form", "application/x-www-form-urlencoded", url.Values{"csrf": {token}, "say": {"안녕"}}.Encode())
		req.Header.Set("Accept", "text/html")
		return do(t, c, req)
	}
	for name, tt := range map[string]struct {
		c     *http.Client
		token string
	}{"no token": {alice, ""}, "another browser's token": {alice, bobToken}, "no cookie": {http.DefaultClient, aliceToken}} {
		res, body := post(tt.c, tt.token)
		if res.StatusCode != 403 || !strings.Contains(body, "보안 확인에 실패했습니다") || !strings.Contains(body, `lang="ko"`) {
			t.Errorf("%s: %d %s", name, res.StatusCode, body)
		}
	}
	res, body := post(alice, aliceToken)
	if res.StatusCode != 200 || !strings.Contains(body, "안녕") {
		t.Fatalf("a good post: %d %s", res.StatusCode, body)
	}
}

// A browser gets errors as Korean pages in the site's layout; a GET page
// that needs a session sends it to sign in, with where it was going.
func TestErrorPagesForBrowsers(t *testing.T) {
	ts := newFoundationServer(t, false)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req := newReq(t, "GET", ts.URL+"/t/nothing-here", "", "")
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	res, body := do(t, noRedirect, req)
	if res.StatusCode != 404 || !strings.Contains(body, "페이지를 찾을 수 없습니다") || !strings.Contains(body, "테스트 서비스") || !strings.Contains(body, `href="/t/form"`) {
		t.Fatalf("404 page: %d %s", res.StatusCode, body)
	}
	req = newReq(t, "GET", ts.URL+"/t/private", "", "")
	req.Header.Set("Accept", "text/html")
	res, _ = do(t, noRedirect, req)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/t/login?next=%2Ft%2Fprivate" {
		t.Fatalf("private page: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// Cookies are HttpOnly, SameSite=Lax and Secure; only a demo server on the
// loopback over plain HTTP leaves Secure off.
func TestCookieAttributes(t *testing.T) {
	for _, demo := range []bool{false, true} {
		ts := newFoundationServer(t, demo)
		res, _ := do(t, nil, newReq(t, "GET", ts.URL+"/t/form", "", ""))
		cs := res.Cookies()
		if len(cs) != 1 || cs[0].Name != CSRFCookie || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteLaxMode || cs[0].Secure == demo {
			t.Fatalf("demo %v: cookies %+v", demo, cs)
		}
		req := newReq(t, "GET", ts.URL+"/t/form", "", "")
		req.Host = "jikimi.example"
		res, _ = do(t, nil, req)
		if cs := res.Cookies(); len(cs) != 1 || !cs[0].Secure {
			t.Fatalf("demo %v, another host: %+v", demo, cs)
		}
	}
}

func TestUndeclaredCookiePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("an undeclared cookie was set")
		}
	}()
	SetCookie(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), "tracker", "x")
}

// The cookie page shows the policy's notice and every cookie set.
func TestCookiePage(t *testing.T) {
	ts := newFoundationServer(t, false)
	for _, svc := range []string{"seoul-healthcare", "bokjiro"} {
		res, body := do(t, nil, newReq(t, "GET", ts.URL+"/privacy/"+svc+"/cookies", "", ""))
		if res.StatusCode != 200 || !strings.Contains(body, "쿠키를 거부하려면") || !strings.Contains(body, "<caption>") {
			t.Fatalf("%s: %d %s", svc, res.StatusCode, body)
		}
		for _, c := range Cookies {
			if !strings.Contains(body, c.Name) {
				t.Errorf("%s: %s not listed", svc, c.Name)
			}
		}
	}
	res, body := do(t, nil, newReq(t, "GET", ts.URL+"/", "", ""))
	if res.StatusCode != 200 || !strings.Contains(body, `href="/t/form"`) {
		t.Fatalf("front page: %d %s", res.StatusCode, body)
	}
}
