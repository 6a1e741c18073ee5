package pages

import (
	"net/http"
	"strings"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
)

// The policy's purposes of help requests (도움신청) and fraud reports
// (부정수급 신고).
const (
	purposeHelp  = "help-request"
	purposeFraud = "fraud-report"
)

// reportPage is a help request's or a fraud report's page: the person's
// own cases with their state and result, and the form to file one, with
// every item the policy in force declares for the purpose (what is asked
// for or reported among them, when the policy declares it).
type reportPage struct {
	web.Base
	Action     string // the form's address
	Intro      string
	Cases      []caseView
	Fields     []reportField
	Provisions []cases.Provision // fraud reports: the recipients, each consented to
	Notice2    string            // fraud reports: what refusing costs
	Error      string
}

type reportField struct {
	ID, Name, Value string
	Long            bool // free text: a text area
}

type caseView struct {
	ID, Filed, Updated, State, Outcome string
	Content                            string // what was asked for or reported, when the version it was filed under has it
	Done                               bool
	FiledWith                          []string // fraud reports: where it was filed, with the reference
}

// caseStates and caseOutcomes are the states and outcome codes in Korean;
// an outcome without words is shown as its code.
var (
	caseStates = map[string]string{cases.StateReceived: "접수", cases.StateCompleted: "처리 완료", cases.StateFiled: "접수",
		"concluded": "처리 완료"}
	caseOutcomes = map[string]string{"counselled": "상담 완료", "referred": "관계 기관 연계", "approved": "인정", "rejected": "불인정",
		"substantiated": "사실 확인", "unsubstantiated": "사실 아님", "visited": "방문 상담", "investigated": "조사 완료"}
)

func outcomeWord(code string) string {
	if w, ok := caseOutcomes[code]; ok {
		return w
	}
	return code
}

var reportDone = map[string]string{
	"help":  "도움신청을 접수했습니다. 처리되면 휴대전화와 이메일로 알려 드립니다.",
	"fraud": "부정수급 신고를 접수했습니다. 신고는 동의하신 기관에 전달되며, 처리 상태는 아래에서 확인할 수 있습니다.",
}

// reportFields are the items of purpose, typed values kept.
func (p *Pages) reportFields(purpose string, typed map[string][]string) ([]reportField, error) {
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no policy")
	}
	pu := pol.Purpose(purpose)
	if pu == nil {
		return nil, errs.E(errs.NotFound, "no purpose %s", purpose)
	}
	var out []reportField
	for _, it := range pu.Items {
		f := reportField{ID: it.ID, Name: it.Name, Long: strings.HasSuffix(it.ID, "_content")}
		if v := typed["item_"+it.ID]; len(v) > 0 {
			f.Value = v[0]
		}
		out = append(out, f)
	}
	return out, nil
}

// caseViews lists cases newest first, each with what it was about, read
// back through the gate by read (the owner's own case with its items).
func caseViews(list []cases.Case, read func(id string) (*cases.Application, error)) ([]caseView, error) {
	var out []caseView
	for i := len(list) - 1; i >= 0; i-- {
		c := list[i]
		v := caseView{ID: c.ID, Filed: day(c.Created), Updated: day(c.Updated), State: caseStates[c.State], Done: c.Outcome != ""}
		if c.Outcome != "" {
			v.Outcome = outcomeWord(c.Outcome)
		}
		got, err := read(c.ID)
		if err != nil && errs.Code(err) != errs.NotFound { // not found: its record is destroyed, the case row not yet
			return nil, err
		}
		if got != nil {
			for id, val := range got.Items {
				if strings.HasSuffix(id, "_content") {
					v.Content = val
				}
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func (p *Pages) helpPage(r *http.Request, me vault.Actor) (*reportPage, error) {
	list, err := p.cfg.Cases.HelpRequests(r.Context(), me)
	if err != nil {
		return nil, err
	}
	fields, err := p.reportFields(purposeHelp, r.PostForm)
	if err != nil {
		return nil, err
	}
	views, err := caseViews(list, func(id string) (*cases.Application, error) { return p.cfg.Cases.HelpRequestOf(r.Context(), me, id) })
	if err != nil {
		return nil, err
	}
	return &reportPage{Base: web.Base{Site: Site, Title: "도움 요청", SignedIn: true, Notice: reportDone[r.URL.Query().Get("done")]},
		Action: "/bokjiro/help", Cases: views, Fields: fields,
		Intro: "생활이 어렵거나 도움이 필요하면 알려 주세요. 담당 공무원이 연락해 상담하고, 처리 결과를 휴대전화와 이메일로 알려 드립니다. 건강 상태 등 민감한 내용은 적지 말고 상담 때 말씀해 주세요."}, nil
}

// reportBuilder builds a report page for the signed-in member.
type reportBuilder func(*http.Request, vault.Actor) (*reportPage, error)

// showReport serves a report page.
func (p *Pages) showReport(build reportBuilder) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		_, page, err := memberPage(p, r, build)
		if err != nil {
			return err
		}
		return pages.Render(w, r, http.StatusOK, "report", page)
	}
}

// fileReport files what the form holds with file and goes back to the
// page, saying so; a refusal is shown on the form.
func (p *Pages) fileReport(build reportBuilder, file func(*http.Request, vault.Actor, cases.Items) error, done string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		me, page, err := memberPage(p, r, build)
		if err != nil {
			return err
		}
		if err := file(r, me, typedReport(r, page.Fields)); err != nil {
			return p.reportRefused(w, r, page, err)
		}
		return web.SeeOther(w, r, page.Action+"?done="+done)
	}
}

func (p *Pages) requestHelp(r *http.Request, me vault.Actor, in cases.Items) error {
	_, err := p.cfg.Cases.RequestHelp(r.Context(), me, in)
	return err
}

// typedReport are the items typed into the form (empty ones left out, for
// the domain to name as missing).
func typedReport(r *http.Request, fields []reportField) cases.Items {
	in := cases.Items{}
	for _, f := range fields {
		if v := strings.TrimSpace(r.PostForm.Get("item_" + f.ID)); v != "" {
			in[f.ID] = v
		}
	}
	return in
}

func (p *Pages) fraudPage(r *http.Request, me vault.Actor) (*reportPage, error) {
	list, err := p.cfg.Cases.FraudReports(r.Context(), me)
	if err != nil {
		return nil, err
	}
	form, err := p.cfg.Cases.FraudForm()
	if err != nil {
		return nil, err
	}
	fields, err := p.reportFields(purposeFraud, r.PostForm)
	if err != nil {
		return nil, err
	}
	page := &reportPage{Base: web.Base{Site: Site, Title: "부정수급 신고", SignedIn: true, Notice: reportDone[r.URL.Query().Get("done")]},
		Action: "/bokjiro/fraud", Fields: fields, Provisions: form.Provisions, Notice2: form.Notice,
		Intro: "복지급여를 부정하게 받는 사례를 알고 계시면 신고해 주세요. 신고한 분의 신원은 「공익신고자 보호법」에 따라 보호됩니다."}
	if page.Cases, err = caseViews(list, func(id string) (*cases.Application, error) { return p.cfg.Cases.FraudReportOf(r.Context(), me, id) }); err != nil {
		return nil, err
	}
	for i := range page.Cases {
		ts, err := p.cfg.Cases.Transfers(r.Context(), me, page.Cases[i].ID)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			page.Cases[i].FiledWith = append(page.Cases[i].FiledWith, recipientOf(form.Provisions, t.Provision)+" (접수번호 "+t.Reference+")")
		}
	}
	return page, nil
}

func recipientOf(prs []cases.Provision, id string) string {
	for _, pr := range prs {
		if pr.ID == id {
			return pr.Recipient
		}
	}
	return id
}

func (p *Pages) reportFraud(r *http.Request, me vault.Actor, in cases.Items) error {
	_, err := p.cfg.Cases.ReportFraud(r.Context(), me, in, r.PostForm["consent"])
	return err
}

// reportRefused shows why the domain refused, in Korean.
func (p *Pages) reportRefused(w http.ResponseWriter, r *http.Request, page *reportPage, err error) error {
	reason := reasonOf(err)
	switch {
	case reason == "provision_consent_required":
		page.Error = "신고를 접수하려면 아래 기관에 제공하는 데 모두 동의해 주세요. " + page.Notice2
	case errs.Code(err) == errs.Invalid:
		page.Error = applyRefusals[reason]
		if reason == "missing_required_items" {
			page.Error = "모든 항목을 입력해 주세요."
		}
		if page.Error == "" {
			page.Error = "입력한 내용을 확인해 주세요."
		}
	default:
		return err
	}
	return pages.Render(w, r, http.StatusBadRequest, "report", page)
}
