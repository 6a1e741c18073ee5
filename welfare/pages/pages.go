// Package pages is the members' side of 복지로 in a browser: the service's
// place in the shared layout, its landing page, sign-in and the member's
// first page. Korean, server-rendered (package web).
//
// It holds no rules of its own: every page calls the same domain packages
// as the JSON API, which reach personal data only through the gate, with
// the signed-in member as the actor. It must never put personal data in a
// URL, a page title or a log.
package pages

import (
	"embed"
	"net/http"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/policy"
	"jikimi/web"
	"jikimi/welfare/alerts"
	"jikimi/welfare/cases"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
)

// Service is the policy's service ID.
const Service = members.ServiceName

// MyData is the address of the member's "내 개인정보" (package rights/mydata).
const MyData = "/bokjiro/my-data"

// Site is 복지로's place in the shared layout.
var Site = &web.Site{ID: Service, Name: "복지로", Prefix: "/bokjiro", Theme: "bokjiro",
	Home: "/bokjiro/home", SignIn: "/bokjiro/login", SignOut: "/bokjiro/logout", Reset: "/bokjiro/password-reset",
	Nav: []web.Link{
		{Href: "/bokjiro/home", Label: "나의 복지로"},
		{Href: "/bokjiro/alerts", Label: "복지알림이"},
		{Href: "/bokjiro/applications", Label: "복지서비스 신청"},
		{Href: "/bokjiro/search", Label: "복지서비스 찾기"},
		{Href: "/bokjiro/my-welfare", Label: "나의 복지서비스"},
		{Href: MyData, Label: "내 개인정보"},
		{Href: "/bokjiro/account", Label: "회원정보 수정"},
	},
	Public: []web.Link{
		{Href: "/bokjiro", Label: "복지로 안내"},
		{Href: "/bokjiro/join", Label: "회원가입"},
		{Href: "/bokjiro/login", Label: "로그인"},
	}}

// Config is what the pages call.
type Config struct {
	Accounts   *citizen.Accounts
	Members    *members.Service
	Alerts     *alerts.Service // nil: no 복지알림이 to end on leaving
	Cases      *cases.Cases
	Newsletter *newsletter.Service
	Catalogue  *catalogue.Catalogue
	Policies   *policy.Registry
	Clock      clock.Clock
}

// Pages serves the members' pages.
type Pages struct{ cfg Config }

// New returns the pages over cfg.
func New(cfg Config) *Pages { return &Pages{cfg: cfg} }

//go:embed templates
var templateFS embed.FS

var pages = web.MustParsePages(templateFS, nil, pageNames...)

var pageNames = []string{"landing", "home", "join", "apply", "alerts", "search", "mywelfare", "report",
	"profile", "password", "reset", "newsletter", "unsubscribe", "received"}

type landingPage struct{ web.Base }

type homePage struct {
	web.Base
	Error string
}

// done maps the ?done= keys the pages redirect with to the line confirming
// what was done: no personal data travels in the URL, only which action.
var done = map[string]string{
	"welcome": "회원가입이 완료되었습니다. 복지로에 오신 것을 환영합니다.",
	"left":    "회원 탈퇴가 완료되었습니다. 법령에 따라 보관해야 하는 정보만 정해진 기간 동안 따로 보관합니다.",
}

func notice(r *http.Request) string { return done[r.URL.Query().Get("done")] }

// CheckPages checks every page against its struct.
func CheckPages() error {
	for name, data := range map[string]web.Page{"landing": &landingPage{}, "home": &homePage{}, "join": &joinPage{}, "apply": &applyPage{}, "alerts": &alertsPage{},
		"search": &searchPage{}, "mywelfare": &myWelfarePage{}, "report": &reportPage{}, "profile": &profilePage{}, "password": &passwordPage{},
		"reset": &resetPage{}, "newsletter": &newsletterPage{}, "unsubscribe": &unsubscribePage{}, "received": &receivedPage{}} {
		if err := web.CheckPage(pages, name, data); err != nil {
			return err
		}
	}
	return nil
}

// Mount is 복지로's pages with its sign-in and sign-out.
func (p *Pages) Mount() web.Mount {
	routes := []web.Route{
		{Method: "GET", Path: "/bokjiro", Handle: p.landing},
		{Method: "GET", Path: "/bokjiro/{$}", Handle: p.landing},
		{Method: "GET", Path: "/bokjiro/home", Handle: p.home},
		{Method: "GET", Path: "/bokjiro/join", Handle: p.joinStart},
		{Method: "POST", Path: "/bokjiro/join/representative", Handle: p.sendCode},
		{Method: "POST", Path: "/bokjiro/join", Handle: p.join},
		{Method: "POST", Path: "/bokjiro/leave", Handle: p.leave},
		{Method: "GET", Path: "/bokjiro/alerts", Handle: p.alertsShow},
		{Method: "POST", Path: "/bokjiro/alerts", Handle: p.alertsSave},
		{Method: "POST", Path: "/bokjiro/alerts/end", Handle: p.alertsEnd},
		{Method: "GET", Path: "/bokjiro/alerts/received", Handle: p.received},
		{Method: "GET", Path: "/bokjiro/account", Handle: p.profile},
		{Method: "POST", Path: "/bokjiro/account", Handle: p.changeProfile},
		{Method: "GET", Path: "/bokjiro/account/password", Handle: p.passwordForm},
		{Method: "POST", Path: "/bokjiro/account/password", Handle: p.changePassword},
		{Method: "GET", Path: "/bokjiro/password-reset", Handle: p.resetForm},
		{Method: "POST", Path: "/bokjiro/password-reset", Handle: p.verifyReset},
		{Method: "POST", Path: "/bokjiro/password-reset/new", Handle: p.resetPassword},
		{Method: "GET", Path: "/bokjiro/newsletter", Handle: p.newsletterShow},
		{Method: "POST", Path: "/bokjiro/newsletter", Handle: p.newsletterSubscribe},
		{Method: "POST", Path: "/bokjiro/newsletter/end", Handle: p.newsletterEnd},
		{Method: "GET", Path: newsletter.UnsubscribePage, Handle: p.unsubscribeAsk},
		{Method: "POST", Path: newsletter.UnsubscribePage, Handle: p.unsubscribe},
		{Method: "GET", Path: "/bokjiro/applications", Handle: p.applications},
		{Method: "POST", Path: "/bokjiro/applications", Handle: p.apply},
		{Method: "GET", Path: "/bokjiro/applications/{id}", Handle: p.editDraft},
		{Method: "POST", Path: "/bokjiro/applications/{id}", Handle: p.saveDraft},
		{Method: "GET", Path: "/bokjiro/search", Handle: p.search},
		{Method: "POST", Path: "/bokjiro/search", Handle: p.runSearch},
		{Method: "POST", Path: "/bokjiro/search/forget", Handle: p.forgetSearches},
		{Method: "GET", Path: "/bokjiro/my-welfare", Handle: p.myWelfare},
		{Method: "POST", Path: "/bokjiro/my-welfare", Handle: p.lookUpMyWelfare},
		{Method: "GET", Path: "/bokjiro/help", Handle: p.showReport(p.helpPage)},
		{Method: "POST", Path: "/bokjiro/help", Handle: p.fileReport(p.helpPage, p.requestHelp, "help")},
		{Method: "GET", Path: "/bokjiro/fraud", Handle: p.showReport(p.fraudPage)},
		{Method: "POST", Path: "/bokjiro/fraud", Handle: p.fileReport(p.fraudPage, p.reportFraud, "fraud")},
	}
	return web.Mount{Name: "bokjiro-pages", Site: Site,
		Pages: append(routes, p.cfg.Accounts.SignInPages(Site, members.PurposeMember)...)}
}

func (p *Pages) landing(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := p.cfg.Accounts.PageSession(r, Service); err == nil {
		return web.SeeOther(w, r, Site.Home)
	}
	return pages.Render(w, r, http.StatusOK, "landing", &landingPage{web.Base{Site: Site, Title: "복지로 안내", Notice: notice(r)}})
}

func (p *Pages) home(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := p.cfg.Accounts.PageSession(r, Service); err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "home", &homePage{Base: web.Base{Site: Site, Title: "나의 복지로", SignedIn: true, Notice: notice(r)}})
}
