package citizen_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jikimi/citizen"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

var site = &web.Site{ID: svc, Name: "가상 서비스", Prefix: "/h", Theme: "healthcare", Home: "/h/home", SignIn: "/h/login", SignOut: "/h/logout"}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so a test sees where each answer sends it.
type browser struct {
	t   *testing.T
	c   *http.Client
	url string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, url: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Accept", "text/html")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// form gets a page and returns its form token.
func (b *browser) form(path string) string {
	b.t.Helper()
	res, body := b.do("GET", path, nil)
	m := csrfRE.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil {
		b.t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return m[1]
}

func (b *browser) session() string {
	u, _ := url.Parse(b.url)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == web.CitizenSessionCookie {
			return c.Value
		}
	}
	return ""
}

// Signing in through the page: a wrong password answers in Korean and
// sets no session; the right one sets a session cookie, sends the person
// where they were going (within the site only) and ends the session the
// browser had before; signing out ends the session on the server. Both
// databases.
func TestSignInPages(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		f.account(t, "demo_kim01", pw)
		ts := webtest.Serve(t, &web.Server{Policies: f.env.Policies, Clock: f.env.Clock, Demo: true,
			Mounts: []web.Mount{{Name: "pages", Site: site, Pages: f.a.SignInPages(site, purpose)}}})
		b := newBrowser(t, ts.URL)

		token := b.form("/h/login?next=/h/points")
		res, body := b.do("POST", "/h/login", url.Values{"csrf": {token}, "login": {"demo_kim01"}, "password": {"wrong"}, "next": {"/h/points"}})
		if res.StatusCode != 401 || !strings.Contains(body, "비밀번호가 맞지 않습니다") || b.session() != "" {
			t.Fatalf("wrong password: %d %q", res.StatusCode, b.session())
		}
		res, _ = b.do("POST", "/h/login", url.Values{"csrf": {token}, "login": {"demo_kim01"}, "password": {pw}, "next": {"/h/points"}})
		first := b.session()
		if res.StatusCode != 303 || res.Header.Get("Location") != "/h/points" || first == "" {
			t.Fatalf("sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if _, err := f.a.Authenticate(ctx, first); err != nil {
			t.Fatal(err)
		}
		res, _ = b.do("POST", "/h/login", url.Values{"csrf": {token}, "login": {"demo_kim01"}, "password": {pw}})
		if res.StatusCode != 403 {
			t.Fatalf("the form token from before sign-in still works: %d", res.StatusCode)
		}
		token = b.form("/h/login")
		res, _ = b.do("POST", "/h/login", url.Values{"csrf": {token}, "login": {"demo_kim01"}, "password": {pw}, "next": {"//evil.example/x"}})
		second := b.session()
		if res.StatusCode != 303 || res.Header.Get("Location") != "/h/home" || second == first {
			t.Fatalf("second sign-in: %d %q, rotated %v", res.StatusCode, res.Header.Get("Location"), second != first)
		}
		if _, err := f.a.Authenticate(ctx, first); err == nil {
			t.Fatal("the session from before the new sign-in is still open")
		}
		token = b.form("/h/login")
		res, _ = b.do("POST", "/h/logout", url.Values{"csrf": {token}})
		if res.StatusCode != 303 || b.session() != "" {
			t.Fatalf("sign-out: %d", res.StatusCode)
		}
		if _, err := f.a.Authenticate(ctx, second); err == nil {
			t.Fatal("the session outlived sign-out")
		}
	})
}

func TestPagesMatchTemplates(t *testing.T) {
	if err := citizen.CheckPages(); err != nil {
		t.Fatal(err)
	}
}
