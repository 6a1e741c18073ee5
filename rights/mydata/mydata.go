// Package mydata is "내 개인정보" in a browser, for every service: what the
// service holds of the signed-in citizen by purpose, when each record will
// be destroyed, who received it, who (by role and department) looked at it
// and when, the consents with one-click withdrawal (its consequence stated
// first), the rights requests with their status and days left and a form
// to file one (as the person, their legal representative or a proxy), the
// download of the data (JSON, and FHIR where the service has it), and the
// policy in force with its history and the consents a new version needs.
//
// It holds no rules of its own: every page calls package rights, the same
// domain the JSON API calls, which reaches personal data only through the
// gate. It must never put personal data in a URL, a page title or a log.
package mydata

import (
	"context"
	"embed"
	"net/http"
	"slices"
	"strings"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/policy"
	"jikimi/rights"
	"jikimi/vault"
	"jikimi/web"
)

// Config is what the pages call.
type Config struct {
	Rights   *rights.Service
	Policies *policy.Registry
	Clock    clock.Clock
	// Session is the citizen signed in to service in this browser, as the
	// gate's actor; errs.Unauthenticated sends a page to the sign-in form.
	Session func(r *http.Request, service string) (vault.Actor, error)
	FHIR    bool // the service offers a FHIR export of health data
	// VerifyProxy starts a verification of a proxy's identity with the
	// identity-verification service (its Start) and answers its ID; nil:
	// no proxy can make a request online.
	VerifyProxy func(ctx context.Context, key string, c identity.Claim) (string, error)
	// RepresentativeCode sends a code to the mobile number of the legal
	// representative recorded for the subject at sign-up and answers the
	// verification's ID (복지로's members' CallRepresentative): never to a
	// number typed on the page, so only that representative receives it;
	// errs.NotFound when none is recorded. nil: the service has no legal
	// representatives.
	RepresentativeCode func(ctx context.Context, subject string) (string, error)
}

// Pages are one site's "내 개인정보".
type Pages struct {
	cfg  Config
	site *web.Site
	path string
}

// New returns site's "내 개인정보" at site.Prefix + "/my-data".
func New(cfg Config, site *web.Site) *Pages {
	return &Pages{cfg: cfg, site: site, path: site.Prefix + "/my-data"}
}

//go:embed templates
var templateFS embed.FS

var pages = web.MustParsePages(templateFS, nil, "mydata")

// CheckPages checks the page against its struct.
func CheckPages() error { return web.CheckPage(pages, "mydata", &myPage{}) }

// Mount is the page and its forms.
func (p *Pages) Mount() web.Mount {
	// No Site: the service's own pages declare it (the front page lists each
	// site once, and error pages find it by its prefix).
	return web.Mount{Name: p.site.ID + "-mydata", Pages: []web.Route{
		{Method: "GET", Path: p.path, Handle: p.show},
		{Method: "POST", Path: p.path + "/consents", Handle: p.withdraw},
		{Method: "POST", Path: p.path + "/requests", Handle: p.file},
		{Method: "POST", Path: p.path + "/representative-code", Handle: p.representativeCode},
		{Method: "POST", Path: p.path + "/reconsent", Handle: p.reconsent},
		{Method: "GET", Path: p.path + "/export", Handle: p.export},
	}}
}

// seoul is where dates are read.
var seoul = rights.Seoul

func day(t time.Time) string    { return t.In(seoul).Format("2006-01-02") }
func minute(t time.Time) string { return t.In(seoul).Format("2006-01-02 15:04") }
func dayp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return day(*t)
}

// myPage is everything "내 개인정보" shows.
type myPage struct {
	web.Base
	Action        string // the page's path, for its forms
	Controller    string
	PolicyVersion string
	PolicyURL     string
	Purposes      []purposeView
	KeptApart     []apartView
	Consents      []consentView
	Provisions    []provisionView
	Accesses      []accessView
	MoreAccesses  int // entries older than those listed, in the download
	Requests      []requestView
	Reconsent     []rights.Outdated
	History       []versionView
	Kinds         []option
	Scopes        []option // the purposes a request may name
	Items         []option // the items a correction may name
	Requesters    []option
	FHIR          bool
	Error         string
	// A legal representative's code, once sent: the verification it
	// belongs to (an opaque ID), carried by the request form.
	RepVerification string
	As              string // the requester the form has chosen
}

// Offers says whether the form offers a requester.
func (m *myPage) Offers(as string) bool {
	return slices.ContainsFunc(m.Requesters, func(o option) bool { return o.Value == as })
}

type option struct{ Value, Label string }

type purposeView struct {
	Title   string
	Records []recordView // the newest few
	More    []recordView // the rest, folded
}

// Shown is how many records of a purpose, and how many access log
// entries, the page shows unfolded; the download holds everything.
const (
	shownRecords  = 3
	shownAccesses = 50
)

type recordView struct {
	Items       []rights.ItemHeld
	Source      string
	CollectedAt string
	DestroyBy   string // "" while the rule waits for an event
	RuleText    string
}

type apartView struct {
	Purpose, Serves, Items, SeparatedAt, DestroyBy, RuleText string
}

type consentView struct {
	Scope, Label, Version, GivenAt, WithdrawnAt string
	InForce, Required                           bool
	Consequence                                 string
}

type provisionView struct{ Recipient, Items, At string }

type accessView struct{ At, Role, Department, Purpose, Action, Outcome string }

type requestView struct {
	Kind, Status, ReceivedAt, DueAt, AnsweredAt, Requester string
	DaysLeft                                               int
	Open                                                   bool
	Consequences                                           []string
	Reason                                                 string
}

type versionView struct {
	Version, From, To, Note string
	Current                 bool
}

func (p *Pages) actor(r *http.Request) (vault.Actor, error) { return p.cfg.Session(r, p.site.ID) }

func (p *Pages) show(w http.ResponseWriter, r *http.Request) error {
	page, err := p.page(r)
	if err != nil {
		return err
	}
	page.Notice = done[r.URL.Query().Get("done")]
	return pages.Render(w, r, http.StatusOK, "mydata", page)
}

// page reads everything through the rights domain.
func (p *Pages) page(r *http.Request) (*myPage, error) {
	me, err := p.actor(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	a, err := p.cfg.Rights.MyData(ctx, me, p.site.ID)
	if err != nil {
		return nil, err
	}
	reqs, err := p.cfg.Rights.Mine(ctx, me, p.site.ID)
	if err != nil {
		return nil, err
	}
	outdated, err := p.cfg.Rights.Reconsents(ctx, me, p.site.ID)
	if err != nil {
		return nil, err
	}
	pol, ok := p.cfg.Policies.Current(p.site.ID, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no such service")
	}
	page := &myPage{Base: web.Base{Site: p.site, Title: "내 개인정보", SignedIn: true}, Action: p.path, Controller: a.Controller,
		PolicyVersion: a.PolicyVersion, PolicyURL: "/privacy/" + p.site.ID, Reconsent: outdated, FHIR: p.cfg.FHIR}
	for _, ph := range a.Purposes {
		pv := purposeView{Title: ph.Title}
		for i := len(ph.Records) - 1; i >= 0; i-- { // newest first
			rec := ph.Records[i]
			v := recordView{Items: rec.Items, Source: rec.SourceLabel, CollectedAt: day(rec.CollectedAt), DestroyBy: dayp(rec.DestroyBy), RuleText: rec.RuleText}
			if len(pv.Records) < shownRecords {
				pv.Records = append(pv.Records, v)
			} else {
				pv.More = append(pv.More, v)
			}
		}
		page.Purposes = append(page.Purposes, pv)
	}
	for _, k := range a.KeptApart {
		page.KeptApart = append(page.KeptApart, apartView{Purpose: purposeTitle(pol, k.Purpose), Serves: k.Serves, Items: strings.Join(k.Items, ", "),
			SeparatedAt: day(k.SeparatedAt), DestroyBy: day(k.DestroyBy), RuleText: k.RuleText})
	}
	page.Consents = consentsOf(pol, a.Consents)
	for _, pv := range a.Provisions {
		page.Provisions = append(page.Provisions, provisionView{Recipient: pv.Recipient, Items: strings.Join(pv.Items, ", "), At: minute(pv.At)})
	}
	for i := len(a.Accesses) - 1; i >= 0; i-- { // newest first
		if len(page.Accesses) == shownAccesses {
			page.MoreAccesses = i + 1
			break
		}
		e := a.Accesses[i]
		page.Accesses = append(page.Accesses, accessView{At: minute(e.At), Role: roleLabel(e.Role), Department: e.Department,
			Purpose: purposeTitle(pol, e.Purpose), Action: actionLabels[e.Action], Outcome: outcomeLabels[e.Outcome]})
	}
	for _, rq := range reqs {
		page.Requests = append(page.Requests, requestView{Kind: rq.Kind.Korean(), Status: statusLabels[rq.Status], ReceivedAt: day(rq.ReceivedAt),
			DueAt: day(rq.DueAt.Add(-time.Second)), AnsweredAt: dayp(rq.AnsweredAt), Requester: requesterLabels[rq.Requester],
			DaysLeft: rq.DaysLeft, Open: rq.AnsweredAt == nil, Consequences: rq.Consequences, Reason: reasonOf(rq)})
	}
	cur := pol.Version
	for _, v := range p.cfg.Policies.History(p.site.ID) {
		vv := versionView{Version: v.Version, From: v.From.Format(time.DateOnly), Note: v.Note, Current: v.Version == cur}
		if !v.To.IsZero() {
			vv.To = v.To.Format(time.DateOnly)
		}
		page.History = append(page.History, vv)
	}
	page.Kinds = kindOptions
	page.As = string(rights.BySubject)
	for _, o := range requesterOptions {
		if o.Value == string(rights.ByRepresentative) && p.cfg.RepresentativeCode == nil || o.Value == string(rights.ByProxy) && p.cfg.VerifyProxy == nil {
			continue
		}
		page.Requesters = append(page.Requesters, o)
	}
	for _, pu := range pol.Purposes {
		page.Scopes = append(page.Scopes, option{pu.ID, pu.Title})
		for _, it := range pu.Items {
			page.Items = append(page.Items, option{pu.ID + "/" + it.ID, pu.Title + ": " + it.Name})
		}
	}
	return page, nil
}

// consentsOf is the ledger as the page shows it: each scope once, its
// latest entry, with what withdrawing it does.
func consentsOf(pol *policy.Policy, cs []rights.ConsentHeld) []consentView {
	var out []consentView
	at := map[string]int{}
	for _, c := range cs {
		v := consentView{Scope: c.Scope, Label: c.Label, Version: c.PolicyVersion, GivenAt: day(c.GivenAt), InForce: c.WithdrawnAt == nil}
		if c.WithdrawnAt != nil {
			v.WithdrawnAt = day(*c.WithdrawnAt)
		}
		v.Consequence, v.Required = rights.WithdrawalConsequence(pol, c.Scope)
		if i, ok := at[c.Scope]; ok {
			out[i] = v
			continue
		}
		at[c.Scope] = len(out)
		out = append(out, v)
	}
	return out
}

func purposeTitle(pol *policy.Policy, id string) string {
	if pu := pol.Purpose(id); pu != nil {
		return pu.Title
	}
	if id == vault.PurposeRights {
		return "정보주체 권리 행사 처리"
	}
	return id
}

func reasonOf(rq *rights.Request) string {
	if rq.Reason != nil {
		return rq.Reason.Text
	}
	return ""
}

// done maps the ?done= keys the forms redirect with to the line confirming
// what was done (no personal data travels in the URL).
var done = map[string]string{
	"withdrawn": "동의를 철회했습니다. 아래 '내 요구 내역'에 결과가 기록되었습니다.",
	"filed":     "요구를 접수했습니다. 10일 이내에 결과를 알려 드립니다. 처리 상태는 '내 요구 내역'에서 확인할 수 있습니다.",
	"reconsent": "바뀐 처리방침에 다시 동의했습니다.",
}

func (p *Pages) withdraw(w http.ResponseWriter, r *http.Request) error {
	me, err := p.actor(r)
	if err != nil {
		return err
	}
	scope := r.PostForm.Get("scope")
	if scope == "" {
		return p.again(w, r, "철회할 동의를 골라 주세요.")
	}
	_, err = p.cfg.Rights.File(r.Context(), me, rights.Filing{Service: p.site.ID, Subject: me.ID, Kind: string(rights.ConsentWithdrawal), Consents: []string{scope}})
	if err != nil {
		return p.failed(w, r, err)
	}
	return web.SeeOther(w, r, p.path+"?done=withdrawn#requests")
}

func (p *Pages) file(w http.ResponseWriter, r *http.Request) error {
	me, err := p.actor(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	kind := f.Get("kind")
	if !slices.ContainsFunc(kindOptions, func(o option) bool { return o.Value == kind }) {
		return p.again(w, r, "요구 종류를 골라 주세요.")
	}
	filing := rights.Filing{Service: p.site.ID, Subject: me.ID, Kind: kind, As: rights.Requester(f.Get("as"))}
	if v := f.Get("purpose"); v != "" {
		filing.Purposes = []string{v}
	}
	if v := f.Get("item"); v != "" {
		filing.Items = []string{v}
	}
	switch filing.As {
	case rights.BySubject, "":
		filing.As = rights.BySubject
	case rights.ByRepresentative:
		id, code := f.Get("rep_verification"), strings.TrimSpace(f.Get("rep_code"))
		if id == "" || code == "" {
			return p.againAs(w, r, "법정대리인의 휴대전화로 인증번호를 받아 입력해 주세요.", f.Get("as"), id)
		}
		filing.Verification = id + ":" + code
	case rights.ByProxy:
		from, err1 := time.ParseInLocation(time.DateOnly, f.Get("attorney_from"), seoul)
		until, err2 := time.ParseInLocation(time.DateOnly, f.Get("attorney_until"), seoul)
		if err1 != nil || err2 != nil {
			return p.againAs(w, r, "위임장의 위임 기간(시작일과 종료일)을 적어 주세요.", f.Get("as"), "")
		}
		filing.Attorney = &rights.Attorney{Kinds: []rights.Kind{rights.Kind(kind)}, From: from.UTC(), Until: until.UTC()}
		c := identity.Claim{Name: strings.TrimSpace(f.Get("proxy_name")), BirthDate: f.Get("proxy_birth"), Sex: f.Get("proxy_sex"), Mobile: strings.TrimSpace(f.Get("proxy_mobile"))}
		if c.Name == "" || c.BirthDate == "" || c.Sex == "" || c.Mobile == "" {
			return p.againAs(w, r, "대리인의 본인확인을 위해 대리인의 성명, 생년월일, 성별, 휴대전화 번호를 모두 적어 주세요.", f.Get("as"), "")
		}
		if p.cfg.VerifyProxy == nil {
			return p.againAs(w, r, "이 서비스는 대리인의 요구를 온라인으로 받지 않습니다. 개인정보 보호책임자에게 서면으로 요구해 주세요.", f.Get("as"), "")
		}
		id, err := p.cfg.VerifyProxy(r.Context(), partners.IdempotencyKey(r), c)
		if err != nil {
			return p.failed(w, r, err)
		}
		filing.Verification = id
	default:
		return p.again(w, r, "요구하는 사람을 골라 주세요.")
	}
	if _, err := p.cfg.Rights.File(r.Context(), me, filing); err != nil {
		return p.failed(w, r, err)
	}
	return web.SeeOther(w, r, p.path+"?done=filed#requests")
}

// representativeCode sends a code to the mobile number of the legal
// representative recorded at sign-up (no number is typed: whoever holds
// the member's session cannot send the code to a phone of their choosing)
// and shows the form again, ready for the code.
func (p *Pages) representativeCode(w http.ResponseWriter, r *http.Request) error {
	me, err := p.actor(r)
	if err != nil {
		return err
	}
	if p.cfg.RepresentativeCode == nil {
		return p.again(w, r, "이 서비스에는 법정대리인이 없습니다.")
	}
	id, err := p.cfg.RepresentativeCode(r.Context(), me.ID)
	if errs.Code(err) == errs.NotFound {
		return p.againAs(w, r, "가입 때 확인한 법정대리인이 없습니다. 만 14세 이상 회원은 본인이 요구합니다.", string(rights.ByRepresentative), "")
	}
	if err != nil {
		return err
	}
	page, err := p.page(r)
	if err != nil {
		return err
	}
	page.Notice = "가입 때 확인한 법정대리인의 휴대전화로 인증번호를 보냈습니다. 아래 '요구하기'에 인증번호를 적어 주세요."
	page.RepVerification, page.As = id, string(rights.ByRepresentative)
	return pages.Render(w, r, http.StatusOK, "mydata", page)
}

func (p *Pages) reconsent(w http.ResponseWriter, r *http.Request) error {
	me, err := p.actor(r)
	if err != nil {
		return err
	}
	scopes := r.PostForm["scope"]
	if len(scopes) == 0 {
		return p.again(w, r, "다시 동의할 항목을 골라 주세요.")
	}
	if _, err := p.cfg.Rights.Reconsent(r.Context(), me, p.site.ID, scopes); err != nil {
		return p.failed(w, r, err)
	}
	return web.SeeOther(w, r, p.path+"?done=reconsent")
}

// export downloads everything held (format json or fhir).
func (p *Pages) export(w http.ResponseWriter, r *http.Request) error {
	me, err := p.actor(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "fhir" && !p.cfg.FHIR {
		return errs.E(errs.NotFound, "this service has no FHIR export")
	}
	var include []string
	if format == "fhir" {
		include = r.URL.Query()["include"]
	}
	return p.cfg.Rights.Export(r.Context(), w, me, p.site.ID, format, include)
}

// failed shows a refusal of the rights domain on the page, in Korean; an
// unexpected failure is the error page.
func (p *Pages) failed(w http.ResponseWriter, r *http.Request, err error) error {
	var reason string
	if e, ok := err.(*errs.Error); ok {
		reason = e.Reason
	}
	msg, ok := refusals[reason]
	if !ok {
		switch errs.Code(err) {
		case errs.Invalid:
			msg = "요구 내용을 확인해 주세요."
		case errs.Forbidden:
			msg = "이 요구를 할 자격을 확인하지 못했습니다. 본인확인 번호를 확인해 주세요."
		case errs.Conflict:
			msg = "이미 처리된 요구입니다."
		default:
			return err
		}
	}
	return p.again(w, r, msg)
}

// refusals are the rights domain's reasons in a citizen's words.
var refusals = map[string]string{
	"correction_items":          "정정 요구는 정정할 항목을 골라야 합니다.",
	"unknown_consent":           "철회할 동의를 찾지 못했습니다.",
	"unknown_purpose":           "고른 처리 목적을 찾지 못했습니다.",
	"unknown_item":              "고른 항목을 찾지 못했습니다.",
	"represented_not_minor":     "법정대리인은 만 14세 미만 회원의 정보에 대해서만 요구할 수 있습니다. 만 14세 이상은 본인이 요구합니다.",
	"representative_unverified": "가입 때 확인된 법정대리인과 본인확인 결과가 다릅니다. 본인확인 번호를 확인해 주세요.",
	"proxy_unverified":          "대리인의 본인확인 결과를 찾지 못했습니다. 본인확인 번호를 확인해 주세요.",
	"attorney_missing":          "대리인의 요구에는 위임장(위임 범위와 기간)이 필요합니다.",
	"attorney_scope":            "위임장이 이 종류의 요구를 위임하지 않았습니다.",
	"attorney_expired":          "위임장의 위임 기간이 오늘을 포함하지 않습니다.",
	"bad_attorney":              "위임장의 위임 기간을 확인해 주세요.",
}

// again shows the page once more with msg.
func (p *Pages) again(w http.ResponseWriter, r *http.Request, msg string) error {
	return p.againAs(w, r, msg, "", "")
}

// againAs shows the page once more with msg, the request form keeping who
// asks and a representative's verification already sent.
func (p *Pages) againAs(w http.ResponseWriter, r *http.Request, msg, as, repVerification string) error {
	page, err := p.page(r)
	if err != nil {
		return err
	}
	page.Error, page.As, page.RepVerification = msg, as, repVerification
	return pages.Render(w, r, http.StatusBadRequest, "mydata", page)
}

var kindOptions = []option{
	{string(rights.Access), "열람: 처리하는 정보 전체의 열람 결과를 받습니다"},
	{string(rights.Correction), "정정: 틀린 정보를 바로잡습니다"},
	{string(rights.Deletion), "삭제: 법령상 보관 의무가 없는 정보를 지웁니다"},
	{string(rights.Suspension), "처리정지: 정보의 처리를 멈춥니다"},
	{string(rights.Transmission), "전송요구: 내 정보를 다른 곳으로 보냅니다"},
}

var requesterOptions = []option{
	{string(rights.BySubject), "본인"},
	{string(rights.ByRepresentative), "법정대리인 (만 14세 미만 회원의 부모 등)"},
	{string(rights.ByProxy), "위임받은 대리인 (위임장 필요)"},
}

var requesterLabels = map[rights.Requester]string{rights.BySubject: "본인", rights.ByRepresentative: "법정대리인", rights.ByProxy: "대리인"}

var statusLabels = map[rights.Status]string{rights.Received: "접수", rights.Verifying: "대리권 확인 중", rights.InProgress: "처리 중",
	rights.Extended: "기한 연장", rights.Answered: "답변 완료", rights.Refused: "거절", rights.PartiallyAnswered: "일부 답변"}

var actionLabels = map[string]string{"view": "조회", "change": "수정", "input": "입력", "delete": "삭제", "print": "출력", "download": "내려받기"}

var outcomeLabels = map[string]string{"allowed": "허용", "denied": "거부됨"}

// roleLabel names a role of the access log in Korean.
func roleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	if strings.HasPrefix(role, "partner") {
		return "제3자"
	}
	return role
}

var roleLabels = map[string]string{"": "-", "subject": "본인", "caseworker": "담당 공무원", "health-operator": "사업 운영 담당자",
	"counsellor": "건강상담사", "privacy-officer": "개인정보 보호책임자", "statistician": "통계 담당자", "admin": "시스템 관리자",
	"system": "시스템(자동 처리)", "device": "본인의 기기", "partner": "제3자"}
