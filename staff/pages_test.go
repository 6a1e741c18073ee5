package staff

import (
	"slices"
	"strings"
	"testing"

	"jikimi/web"
	"jikimi/web/browsertest"
	"jikimi/web/webtest"
)

func TestPagesMatchTemplates(t *testing.T) {
	for name, p := range map[string]web.Page{"signin": &signInPage{}, "home": &homePage{}} {
		if err := web.CheckPage(pages, name, p); err != nil {
			t.Error(err)
		}
	}
}

// A staff member signs in through the page with password and code, lands
// on the console with a session cookie (and only declared cookies), signs
// out with the layout's button, and the session is over on the server.
func TestSignInPagesInBrowser(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := f.create("lee.caseworker")
		f.grant(c.Account.ID, f.admin().Account.ID, Caseworker)
		ts := webtest.Serve(t, &web.Server{Clock: f.clk, Demo: true, Mounts: []web.Mount{f.svc.Mount()}})
		b := browsertest.New(t)
		b.Open(t, ts.URL+"/staff")
		if p := b.Path(t); p != "/staff/login" {
			t.Fatalf("signed out, /staff shows %s", p)
		}
		if st := b.Submit(t, "main form", map[string]string{"login": c.Account.Login, "password": "wrong", "code": f.code(c, 0)}); st != 401 ||
			!strings.Contains(b.Text(t, "[role=alert]"), "맞지 않습니다") {
			t.Fatalf("a wrong password: %d", st)
		}
		f.clk.Advance(60e9)
		b.SignIn(t, ts.URL+"/staff/login", map[string]string{"login": c.Account.Login, "password": c.Password, "code": f.code(c, 0)})
		if b.Path(t) != "/staff" || !strings.Contains(b.Text(t, "main"), "caseworker") || !strings.Contains(b.Text(t, "main"), "비밀번호") {
			t.Fatalf("after sign-in: %s %q", b.Path(t), b.Text(t, "main"))
		}
		b.LookAt(t, "staff-home")
		for _, name := range b.CookieNames(t) {
			if !slices.ContainsFunc(web.Cookies, func(c web.CookieInfo) bool { return c.Name == name }) {
				t.Errorf("undeclared cookie %s", name)
			}
		}
		token := b.Cookie(t, web.StaffSessionCookie)
		if _, err := f.svc.Authenticate(f.ctx, token); err != nil {
			t.Fatalf("the cookie's session: %v", err)
		}
		if st := b.Submit(t, "form.signout", nil); st != 200 || b.Path(t) != "/staff/login" {
			t.Fatalf("sign-out: %d %s", st, b.Path(t))
		}
		if _, err := f.svc.Authenticate(f.ctx, token); err == nil {
			t.Fatal("the session outlived sign-out")
		}
		b.LookAt(t, "staff-signin")
	})
}
