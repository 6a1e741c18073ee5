// Package console is the staff console: the pages caseworkers, counsellors,
// health operators, the privacy officer and admins work in, in the shared
// layout of package web (sessions, form tokens, error pages) and signed in
// through package staff. Every page calls the same domain packages as the
// JSON API; a page holds no business rule of its own.
//
// Purpose first: a page that shows personal data names the role and the
// declared purpose it serves, and shows nothing until the signed-in member
// has chosen to work for exactly that purpose (staff.Work); the choice goes
// into the gate's actor, so the gate itself refuses any other purpose and
// the access log records the one chosen. Pages that show no personal data
// (destruction plans, the access-log inspection, policies, accounts) need
// the role only.
//
// It must never put personal data in a URL, a log line or an error; never
// read personal data but through the gate; and never let a download go
// without the reason the monthly inspection asks for.
package console

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/consult"
	"jikimi/policy"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/web/chart"
	"jikimi/welfare/cases"
)

//go:embed templates
var templateFS embed.FS

var pages = web.MustParsePages(templateFS, template.FuncMap{
	"roleName":     RoleName,
	"stateName":    stateName,
	"kst":          func(t time.Time) string { return t.In(seoul).Format("2006-01-02 15:04") },
	"day":          func(t time.Time) string { return t.In(seoul).Format("2006-01-02") },
	"workLine":     workLine,
	"serviceName":  serviceName,
	"classLabel":   classLabel,
	"chartDefs":    chart.Defs,
	"jobStateName": jobStateName,
	"criteriaText": criteriaText,
}, "work", "needwork", "password", "applications", "application", "helps", "help", "frauds", "fraud",
	"consultations", "consultation", "points", "shipments", "cityinfo", "enrolment", "stats", "provisions", "rights", "right", "plans", "destructions", "inspection", "policies", "accounts", "account", "created", "logins", "rightfile", "newsletter")

// seoul is the zone every date on the console is shown in.
var seoul = audit.Seoul

// formatDays writes an average number of days over n results.
func formatDays(d float64, n int) string { return fmt.Sprintf("%.1f일 (%d건)", d, n) }

// Config wires the console to the domain services it shows.
type Config struct {
	Staff         *staff.Service
	Policies      *policy.Registry
	Clock         clock.Clock
	Cases         *cases.Cases
	Consultations *consult.Consultations
	Retention     *retention.Runner
	Log           *audit.Log
	Rights        *rights.Service
	Publications  Publications
	Points        Points     // nil: the points screen says it is unavailable
	Shipping      Shipping   // nil: the shipping list says it is unavailable
	Statistics    Statistics // nil: the statistics say they are unavailable
	Outbox        Outbox     // nil: the provision status says it is unavailable
	CityInfo      CityInfo   // nil: the city information says it is unavailable
	Tallies       Tallies    // with Watches; nil: the enrolment status says it is unavailable
	Watches       Watches
	Logins        Logins     // nil: unlocking a citizen login says it is unavailable
	Newsletter    Newsletter // nil: the newsletter says it is unavailable
	Standing      Standing   // nil: a representative's or proxy's request takes a verification made already
}

// Console serves the staff console's pages.
type Console struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Console, error) {
	if cfg.Staff == nil || cfg.Policies == nil || cfg.Clock == nil || cfg.Cases == nil || cfg.Consultations == nil ||
		cfg.Retention == nil || cfg.Log == nil || cfg.Rights == nil || cfg.Publications == nil {
		return nil, errs.E(errs.Invalid, "console: every service is required")
	}
	return &Console{cfg: cfg}, nil
}

// Mount is the console's pages, in the staff site's layout.
func (c *Console) Mount() web.Mount {
	var routes []web.Route
	for _, group := range [][]web.Route{c.workRoutes(), c.caseworkerRoutes(), c.counsellorRoutes(), c.operatorRoutes(), c.cityInfoRoutes(), c.enrolmentRoutes(),
		c.statisticsRoutes(), c.provisionRoutes(), c.officerRoutes(), c.rightsRoutes(), c.adminRoutes(), c.loginRoutes(), c.newsletterRoutes()} {
		routes = append(routes, group...)
	}
	return web.Mount{Name: "console", Pages: routes, Site: staff.Site}
}

// page is what every console page shows beside its own content: the
// layout's Base and the work the member chose.
type page struct {
	web.Base
	Work staff.Work
}

// page builds the shared part of a page for sess, with the navigation its
// roles and chosen work open.
func (c *Console) page(sess *staff.Session, title string) page {
	site := *staff.Site
	site.Nav = navFor(sess)
	return page{Base: web.Base{Site: &site, Title: title, SignedIn: true}, Work: sess.Work}
}

// navFor lists the screens a session may open: those of its chosen work,
// and the role-only screens of the roles it holds.
func navFor(sess *staff.Session) []web.Link {
	nav := []web.Link{{Href: "/staff", Label: "업무 홈"}, {Href: "/staff/work", Label: "업무 목적 선택"}}
	for _, s := range screens {
		if s.need.matches(sess.Work) {
			nav = append(nav, web.Link{Href: s.href, Label: s.label})
		}
	}
	if slices.Contains(sess.Roles, staff.Caseworker) {
		nav = append(nav, web.Link{Href: newsletterPath, Label: "뉴스레터 발송"})
	}
	if slices.Contains(sess.Roles, staff.HealthOperator) {
		nav = append(nav, web.Link{Href: "/staff/healthcare/enrolment", Label: "참여·배송 현황"})
	}
	if slices.Contains(sess.Roles, staff.PrivacyOfficer) {
		nav = append(nav, web.Link{Href: "/staff/officer/rights", Label: "권리 행사 요구"}, web.Link{Href: "/staff/officer/plans", Label: "파기 계획"}, web.Link{Href: "/staff/officer/destructions", Label: "파기 기록"},
			web.Link{Href: "/staff/officer/inspection", Label: "접속기록 점검"}, web.Link{Href: "/staff/officer/policies", Label: "처리방침·수탁자"})
	}
	if slices.Contains(sess.Roles, staff.Admin) {
		nav = append(nav, web.Link{Href: "/staff/admin/accounts", Label: "직원 계정"})
	}
	return append(nav, web.Link{Href: "/staff/password", Label: "비밀번호 변경"})
}

// need is the work a screen of personal data requires.
type need struct {
	Role             staff.Role
	Service, Purpose string
}

func (n need) matches(w staff.Work) bool {
	return w.Role == n.Role && w.Service == n.Service && w.Purpose == n.Purpose
}

// screen is a screen of personal data in the navigation.
type screen struct {
	need        need
	href, label string
}

// The work each screen of personal data requires.
var (
	needApplications = need{staff.Caseworker, cases.Service, "online-application"}
	needHelp         = need{staff.Caseworker, cases.Service, "help-request"}
	needFraud        = need{staff.Caseworker, cases.Service, "fraud-report"}
	needCounsel      = need{staff.Counsellor, consult.Service, consult.Purpose}
)

var screens = []screen{
	{needApplications, "/staff/bokjiro/applications", "온라인 신청 처리"},
	{needHelp, "/staff/bokjiro/help-requests", "도움신청"},
	{needFraud, "/staff/bokjiro/fraud-reports", "부정수급 신고"},
	{needCounsel, "/staff/healthcare/consultations", "건강상담"},
	{needPoints, "/staff/healthcare/points", "포인트 적립·전환"},
	{needShipping, "/staff/healthcare/shipments", "스마트워치 배송"},
	{needCityInfo, "/staff/healthcare/city-info", "시정정보 발송"},
	{needProvisions, "/staff/healthcare/provisions", "제3자 제공 현황"},
	{needStats, "/staff/healthcare/stats", "참여 통계"},
	{needMembership, "/staff/bokjiro/logins", "로그인 잠금 해제"},
	{needEnrolment, "/staff/healthcare/logins", "로그인 잠금 해제"},
}

// session is the signed-in staff member of a page request, past the
// initial password change (until then only the password page opens).
func (c *Console) session(r *http.Request) (*staff.Session, error) {
	sess, err := c.cfg.Staff.Signed(r)
	if err != nil {
		return nil, err
	}
	if sess.PasswordChangeRequired {
		return nil, &errs.Error{Code: errs.Forbidden, Reason: "password_change_required",
			Message: "처음 받은 비밀번호를 먼저 바꿔 주세요. 메뉴의 '비밀번호 변경'에서 바꿀 수 있습니다."}
	}
	return sess, nil
}

// holding is session for a screen that needs a role but no purpose.
func (c *Console) holding(r *http.Request, role staff.Role) (*staff.Session, error) {
	sess, err := c.session(r)
	if err == nil && !slices.Contains(sess.Roles, role) {
		err = &errs.Error{Code: errs.Forbidden, Reason: "role_missing", Message: "이 화면은 " + RoleName(role) + " 역할이 있어야 볼 수 있습니다."}
	}
	return sess, err
}

// working is the gate's actor for a screen of personal data: the session
// must have chosen exactly the work n. When it has not, working answers
// the page that asks for that choice (and ok is false): nothing personal
// has been read.
func (c *Console) working(w http.ResponseWriter, r *http.Request, n need) (a vault.Actor, sess *staff.Session, ok bool, err error) {
	sess, err = c.session(r)
	if err != nil {
		return a, nil, false, err
	}
	if !n.matches(sess.Work) {
		return a, sess, false, c.needWork(w, r, sess, n)
	}
	a, err = sess.WorkActor(web.ClientIP(r))
	return a, sess, err == nil, err
}

// RoleName is a role's Korean name.
func RoleName(r staff.Role) string {
	switch r {
	case staff.Caseworker:
		return "사회복지 담당자"
	case staff.HealthOperator:
		return "건강관리 운영자"
	case staff.Counsellor:
		return "건강상담사"
	case staff.PrivacyOfficer:
		return "개인정보 보호책임자"
	case staff.Statistician:
		return "통계 담당자"
	case staff.Admin:
		return "계정 관리자"
	}
	return string(r)
}

func serviceName(id string) string {
	switch id {
	case cases.Service:
		return "복지로"
	case consult.Service:
		return "손목닥터 9988"
	}
	return id
}

// workLine says what a member works as, for every page's top.
func workLine(w staff.Work) string {
	if !w.Chosen() {
		return "업무 목적을 선택하지 않았습니다: 개인정보가 있는 화면은 열리지 않습니다."
	}
	return "현재 업무: " + RoleName(w.Role) + " · " + serviceName(w.Service) + " · " + w.Title
}

var stateNames = map[string]string{
	cases.StateSubmitted: "접수", cases.StateUnderReview: "검토 중", cases.StateNotified: "결과 통지",
	cases.StateReceived: "접수", cases.StateCompleted: "처리 완료", cases.StateFiled: "접수·이송", cases.StateConcluded: "처리 완료",
	"investigated": "조사 후 조치", "unfounded": "사실 확인 안 됨", "transferred": "관계 기관 이송",
	retention.StatePending: "승인 대기", retention.StateEscalated: "기한 경과(보고됨)", retention.StateApproved: "승인",
	retention.StateExecuting: "파기 중", retention.StateDone: "완료", retention.StateBuilding: "작성 중",
	string(rights.Verifying): "대리인 확인 중", string(rights.InProgress): "처리 중", string(rights.Extended): "기한 연장",
	string(rights.Answered): "답변 완료", string(rights.Refused): "거절", string(rights.PartiallyAnswered): "일부 답변",
	"rejected": "거절",
	stateDraft: "초안: 공개 기록 없음", stateScheduled: "공개됨 · 시행 예정", stateInForce: "공개됨 · 시행 중", statePast: "지난 버전",
	stateHistory: "이력만 (전문 없음)",
}

func stateName(s string) string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return s
}
