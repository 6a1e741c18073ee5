// Package pages is the participants' side of 손목닥터 9988 in a browser:
// enrolment with identity verification and each consent on its own,
// sign-in, the "오늘" dashboard, measurements and check-ups, points and
// their conversion to 서울페이, the partner services, consultations, the
// satisfaction survey and withdrawal. Korean, server-rendered, in the
// shared layout (package web).
//
// It holds no rules of its own: every page calls the same domain packages
// as the JSON API (enrol, ingest, pointsvc, provision, cityinfo, consult,
// survey), which reach personal data only through the gate, with the
// signed-in participant as the actor. It must never put personal data in a
// URL, a page title or a log.
package pages

import (
	"embed"
	"html/template"
	"net/http"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/consult"
	"jikimi/healthcare/content"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/enrol"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/points"
	"jikimi/healthcare/pointsvc"
	"jikimi/healthcare/provision"
	"jikimi/healthcare/survey"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/web"
)

// Service is the policy's service ID.
const Service = enrol.ServiceName

// Site is the programme's place in the shared layout.
var Site = &web.Site{ID: Service, Name: "손목닥터 9988", Prefix: "/healthcare", Theme: "healthcare",
	Home: "/healthcare/today", SignIn: "/healthcare/login", SignOut: "/healthcare/logout",
	Nav: []web.Link{
		{Href: "/healthcare/today", Label: "오늘"},
		{Href: "/healthcare/records", Label: "건강기록"},
		{Href: "/healthcare/points", Label: "포인트"},
		{Href: "/healthcare/partners", Label: "제휴 서비스"},
		{Href: "/healthcare/consultations", Label: "건강상담"},
		{Href: "/healthcare/contents", Label: "건강 콘텐츠"},
		{Href: "/healthcare/survey", Label: "만족도 조사"},
		{Href: "/healthcare/account", Label: "내 참여 정보"},
		{Href: "/healthcare/my-data", Label: "내 개인정보"},
	},
	Public: []web.Link{
		{Href: "/healthcare", Label: "사업 안내"},
		{Href: "/healthcare/enrol", Label: "참여 신청"},
		{Href: "/healthcare/login", Label: "로그인"},
	}}

// Config is what the pages call: the domain packages of the JSON API.
type Config struct {
	Accounts   *citizen.Accounts
	Enrol      *enrol.Service
	Ingest     *ingest.Ingester
	Points     *pointsvc.Service
	Rules      *points.Rules
	Provisions *provision.Provider
	City       *cityinfo.Targeting
	Consult    *consult.Consultations
	Content    *content.Library
	Surveys    *survey.Surveys
	Devices    *devices.Registry
	Vault      *vault.Vault
	Policies   *policy.Registry
	Clock      clock.Clock
}

// Pages serves the participants' pages.
type Pages struct{ cfg Config }

// New returns the pages over cfg.
func New(cfg Config) *Pages { return &Pages{cfg: cfg} }

//go:embed templates
var templateFS embed.FS

var funcs = template.FuncMap{"n": web.Thousands, "scale": func() []scalePoint { return scalePoints }}

// scalePoint is one answer of a 1-5 survey question.
type scalePoint struct {
	Value int
	Label string
}

var scalePoints = []scalePoint{{1, "1 매우 불만족"}, {2, "2 불만족"}, {3, "3 보통"}, {4, "4 만족"}, {5, "5 매우 만족"}}

var pages = web.MustParsePages(templateFS, funcs, pageNames...)

var pageNames = []string{"landing", "enrol-verify", "enrol-form", "today", "records", "points", "partners",
	"consultations", "survey", "account", "withdrawn", "contents", "article"}

// Mount is the programme's pages (no JSON routes: those are the domain
// packages' own mounts).
func (p *Pages) Mount() web.Mount {
	routes := []web.Route{
		{Method: "GET", Path: "/healthcare", Handle: p.landing},
		{Method: "GET", Path: "/healthcare/{$}", Handle: p.landing},
		{Method: "GET", Path: "/healthcare/enrol", Handle: p.enrolStart},
		{Method: "POST", Path: "/healthcare/enrol/verify", Handle: p.enrolVerify},
		{Method: "POST", Path: "/healthcare/enrol", Handle: p.enrolSubmit},
		{Method: "GET", Path: "/healthcare/today", Handle: p.today},
		{Method: "POST", Path: "/healthcare/watch", Handle: p.linkWatch},
		{Method: "GET", Path: "/healthcare/records", Handle: p.records},
		{Method: "POST", Path: "/healthcare/records/report", Handle: p.report},
		{Method: "POST", Path: "/healthcare/records/checkup", Handle: p.checkup},
		{Method: "GET", Path: "/healthcare/points", Handle: p.points},
		{Method: "POST", Path: "/healthcare/points/consent", Handle: p.cardConsent},
		{Method: "POST", Path: "/healthcare/points/convert", Handle: p.convert},
		{Method: "GET", Path: "/healthcare/partners", Handle: p.partners},
		{Method: "POST", Path: "/healthcare/partners/{provision}", Handle: p.partner},
		{Method: "POST", Path: "/healthcare/city-info", Handle: p.cityInfo},
		{Method: "GET", Path: "/healthcare/consultations", Handle: p.consultations},
		{Method: "POST", Path: "/healthcare/consultations", Handle: p.ask},
		{Method: "GET", Path: "/healthcare/survey", Handle: p.survey},
		{Method: "POST", Path: "/healthcare/survey", Handle: p.answer},
		{Method: "GET", Path: "/healthcare/account", Handle: p.account},
		{Method: "POST", Path: "/healthcare/withdrawal", Handle: p.withdraw},
		{Method: "GET", Path: "/healthcare/contents", Handle: p.contents},
		{Method: "GET", Path: "/healthcare/contents/{id}", Handle: p.article},
	}
	return web.Mount{Name: "healthcare-pages", Site: Site,
		Pages: append(routes, p.cfg.Accounts.SignInPages(Site, enrol.PurposeEnrolment)...)}
}

// participant is the signed-in participant, as the gate's actor.
func (p *Pages) participant(r *http.Request) (vault.Actor, error) {
	a, _, err := p.cfg.Accounts.PageSession(r, Service)
	return a, err
}

// base is the layout's part of a signed-in page.
func base(title string) web.Base {
	return web.Base{Site: Site, Title: title, SignedIn: true}
}

// render writes a page with status 200.
func render(w http.ResponseWriter, r *http.Request, name string, page web.Page) error {
	return pages.Render(w, r, http.StatusOK, name, page)
}

// done maps the ?done= keys the pages redirect with to the line confirming
// what was done: no personal data travels in the URL, only which action.
var done = map[string]string{
	"welcome":        "참여 신청이 완료되었습니다. 손목닥터 9988에 오신 것을 환영합니다.",
	"report":         "건강기록을 저장했습니다.",
	"checkup":        "검진 결과를 저장했습니다.",
	"card-given":     "신한카드 제공에 동의했습니다. 이제 포인트를 서울페이로 전환할 수 있습니다.",
	"card-withdrawn": "신한카드 제공 동의를 철회했습니다. 포인트 전환은 다시 동의할 때까지 할 수 없습니다.",
	"converted":      "전환을 신청했습니다. 카드사 처리가 끝나면 상태가 '완료'로 바뀝니다.",
	"given":          "제공에 동의했습니다.",
	"withdrawn":      "동의를 철회했습니다. 이후로는 제공하지 않습니다.",
	"used":           "제휴 서비스 이용을 신청했습니다. 동의한 항목만 제공되었습니다.",
	"city-in":        "시정정보 수신에 동의했습니다.",
	"city-out":       "시정정보 수신 동의를 철회했습니다.",
	"asked":          "상담을 신청했습니다. 상담사가 답변하면 이 화면에 표시됩니다.",
	"answered":       "만족도 조사에 응답해 주셔서 감사합니다.",
}

func notice(r *http.Request) string { return done[r.URL.Query().Get("done")] }
