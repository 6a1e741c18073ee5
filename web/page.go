package web

// How to add a page (citizen or staff):
//
//  1. Write templates/NAME.html in your package defining {{define "content"}}
//     (and nothing else at top level); the shared layout (header, navigation,
//     sign-out, footer) wraps it. Use only fields of your page struct.
//  2. Declare the page's data as a struct embedding web.Base first:
//
//     type todayPage struct {
//         web.Base
//         Steps int
//     }
//
//  3. Parse once at start-up: var pages = web.MustParsePages(templateFS, nil, "today").
//  4. Serve it from a route in Mount.Pages (pages are not in the OpenAPI
//     document): pages.Render(w, r, http.StatusOK, "today", &todayPage{
//     Base: web.Base{Site: site, Title: "오늘", SignedIn: true}, Steps: n}).
//  5. Forms: method="post", with {{template "csrf" .}} inside; the server
//     refuses a form post without the token before your handler runs, and
//     r.PostForm is parsed. Answer a good post with a 303 (web.SeeOther).
//  6. Test: web.CheckPage(pages, "today", todayPage{}) checks every field the
//     template names against the struct (see pagecheck.go), and
//     browsertest drives the page in Chromium.
//
// Return errors from handlers as usual: a browser gets a Korean error page in
// the site's layout saying what to do next; a GET page that needs a session
// is sent to the site's sign-in page.

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"strings"

	"jikimi/errs"
	"jikimi/web/chart"
)

//go:embed templates static
var ownFS embed.FS

// Site is one service's look in the shared layout: its name, colours and
// navigation. A package that serves pages declares its Site once and names
// it in its Mount, so the server knows whose error page to show.
type Site struct {
	ID      string // the policy's service ID ("seoul-healthcare"); "" when no policy applies (staff)
	Name    string // in the header and every <title>
	Prefix  string // the path prefix of the site's pages ("/healthcare")
	Theme   string // the colour scheme: a class of static/jikimi.css ("healthcare", "bokjiro", "staff")
	Home    string // the first page after signing in
	SignIn  string // the sign-in page; a GET page that needs a session redirects there
	SignOut string // where the layout's sign-out button posts
	Reset   string // the page for a forgotten password, linked from the sign-in form; "": none
	Nav     []Link // the navigation when signed in
	Public  []Link // the navigation when signed out
}

// Link is a navigation entry.
type Link struct{ Href, Label string }

// Base is what every page shows through the layout. Embed it first in each
// page struct; Render fills CSRF and Path.
type Base struct {
	Site     *Site
	Title    string // the page's own title; the layout adds the site's name
	SignedIn bool
	Notice   string // one line confirming what was just done, shown above the content
	CSRF     string // the form token (set by Render)
	Path     string // the request path, to mark the current navigation entry (set by Render)
}

func (b *Base) page() *Base { return b }

// Nav is the navigation to show.
func (b *Base) Nav() []Link {
	if b.Site == nil {
		return nil
	}
	if b.SignedIn {
		return b.Site.Nav
	}
	return b.Site.Public
}

// SignInForm is a sign-in form ({{template "signin" .}} in a page whose
// struct has it as Form): login name and password, and the
// authenticator's code when Code is set.
type SignInForm struct {
	Action string // where the form posts
	Next   string // where to go after signing in (a path of the site)
	Login  string // the login name typed, shown again after a failure
	Error  string // why the last attempt failed, in Korean
	Code   bool
}

// SafeNext is the page to go to after signing in, from the form or query
// value next: a path under prefix only, so no link can send a person
// elsewhere; otherwise home.
func SafeNext(next, prefix, home string) string {
	if strings.HasPrefix(next, prefix+"/") && !strings.ContainsAny(next, "\\?#") && !strings.Contains(next, "//") {
		return next
	}
	return home
}

// Page is a page's data: a struct embedding Base, passed by pointer.
type Page interface{ page() *Base }

// Pages are a package's page templates, each parsed with the shared layout.
type Pages struct {
	sets  map[string]*template.Template
	funcs template.FuncMap // the layout's and the package's, for CheckPage
}

// ParsePages parses NAME.html of fsys (at its root or under templates/) for
// each name, each with the shared layout and the given functions.
func ParsePages(fsys fs.FS, funcs template.FuncMap, names ...string) (*Pages, error) {
	if st, err := fs.Stat(fsys, "templates"); err == nil && st.IsDir() {
		fsys, _ = fs.Sub(fsys, "templates")
	}
	p := &Pages{sets: map[string]*template.Template{}, funcs: template.FuncMap{}}
	maps.Copy(p.funcs, layoutFuncs)
	maps.Copy(p.funcs, funcs)
	for _, name := range names {
		t, err := template.New(name).Funcs(layoutFuncs).Funcs(funcs).ParseFS(ownFS, "templates/layout.html")
		if err == nil {
			t, err = t.ParseFS(fsys, name+".html")
		}
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// MustParsePages is ParsePages for package variables: a broken template
// stops the program at start-up.
func MustParsePages(fsys fs.FS, funcs template.FuncMap, names ...string) *Pages {
	p, err := ParsePages(fsys, funcs, names...)
	if err != nil {
		panic(err)
	}
	return p
}

// layoutFuncs are available to every page.
var layoutFuncs = template.FuncMap{
	"privacyURL": func(service string) string { return "/privacy/" + url.PathEscape(service) },
}

// Render writes the named page with status, rendered into a buffer first so
// a template failure never sends half a page. It sets the form token (and
// its cookie when the browser has none yet) and marks the response as not
// to be stored: pages may show personal data.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, name string, data Page) error {
	t, ok := p.sets[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	b := data.page()
	b.CSRF, b.Path = CSRFToken(w, r), r.URL.Path
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// SeeOther answers a good form post: go to path (a GET page), so reloading
// does not post again.
func SeeOther(w http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// errorPage is the Korean error page, in the layout of the site the path
// belongs to.
type errorPage struct {
	Base
	Status int
	Detail string
	Code   string
	Next   []Link
}

var ownPages = MustParsePages(ownFS, nil, "error", "cookies", "home")

// genericSite is the layout of pages that belong to no service.
var genericSite = &Site{Name: "지킴이", Theme: "generic", Home: "/"}

func (s *Server) siteOf(path string) *Site {
	for _, site := range s.sites {
		if site.Prefix != "" && (path == site.Prefix || strings.HasPrefix(path, site.Prefix+"/")) {
			return site
		}
	}
	return genericSite
}

// errorPage shows a problem as a page. A GET that needs a session goes to
// the site's sign-in page instead.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p Problem) {
	site := s.siteOf(r.URL.Path)
	if p.Status == http.StatusUnauthorized && r.Method == http.MethodGet && site.SignIn != "" && r.URL.Path != site.SignIn {
		http.Redirect(w, r, site.SignIn+"?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	page := &errorPage{Base: Base{Site: site, Title: errorTitle(p.Status)}, Status: p.Status, Detail: p.Detail, Code: p.Code}
	if site.SignIn != "" && (p.Status == http.StatusUnauthorized || p.Status == http.StatusForbidden) {
		page.Next = append(page.Next, Link{site.SignIn, "로그인 화면으로 가기"})
	}
	page.Next = append(page.Next, Link{site.Home, site.Name + " 처음 화면으로 가기"})
	if err := ownPages.Render(w, r, p.Status, "error", page); err != nil {
		s.Log.Error("error page failed", "err", err)
		http.Error(w, p.Detail, p.Status)
	}
}

func errorTitle(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnsupportedMediaType:
		return "입력을 확인해 주세요"
	case http.StatusUnauthorized:
		return "로그인이 필요합니다"
	case http.StatusForbidden:
		return "이용할 수 없습니다"
	case http.StatusNotFound:
		return "페이지를 찾을 수 없습니다"
	case http.StatusMethodNotAllowed:
		return "지원하지 않는 요청입니다"
	case http.StatusConflict:
		return "이미 처리되었습니다"
	case http.StatusServiceUnavailable:
		return "잠시 후 다시 이용해 주세요"
	}
	return "문제가 생겼습니다"
}

// static serves the shared stylesheet (and any other file under static/).
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := "static/" + r.PathValue("file")
	if _, err := fs.Stat(ownFS, name); err != nil {
		return errs.E(errs.NotFound, "no such file")
	}
	w.Header().Set("Cache-Control", "no-cache")
	if name == "static/jikimi.css" { // with the charts' styles (package web/chart), so every page has them
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, err := w.Write(stylesheet)
		return err
	}
	http.ServeFileFS(w, r, ownFS, name)
	return nil
}

// stylesheet is static/jikimi.css followed by the charts' stylesheet.
var stylesheet = func() []byte {
	own, err := ownFS.ReadFile("static/jikimi.css")
	if err != nil {
		panic(err)
	}
	return append(append(own, '\n'), chart.CSS...)
}()
