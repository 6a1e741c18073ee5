package pages

import (
	"net/http"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
)

// purposeApplication is the policy's purpose of online applications.
const purposeApplication = "online-application"

// applyPage is the member's applications and the application form: a new
// one, or a draft to finish. Drafts may lack items; submitting needs every
// required item, and a refused submission stays a draft.
type applyPage struct {
	web.Base
	Applications []applicationView
	Services     []serviceOption // what can be applied for online
	Draft        string          // the draft being edited ("" for a new application)
	Service      string          // the service of the draft
	ServiceName  string
	Required     []itemField
	Optional     []itemField
	Error        string
}

type serviceOption struct{ ID, Name string }

type itemField struct {
	ID, Name, Value string
}

type applicationView struct {
	ID, Service, State, Outcome, Created, Updated string
	Draft                                         bool
}

// stateLabels are the application states in Korean.
var stateLabels = map[string]string{cases.StateDraft: "임시 저장", cases.StateSubmitted: "접수", cases.StateUnderReview: "검토 중",
	cases.StateNotified: "결과 통지"}

var outcomeLabels = map[string]string{"approved": "선정", "rejected": "비선정"}

// maxServices is how many online-applicable services the form offers.
const maxServices = 40

func (p *Pages) member(r *http.Request) (vault.Actor, error) {
	a, _, err := p.cfg.Accounts.PageSession(r, Service)
	return a, err
}

// memberPage is the signed-in member and the page build makes for them.
func memberPage[P any](p *Pages, r *http.Request, build func(*http.Request, vault.Actor) (P, error)) (vault.Actor, P, error) {
	me, err := p.member(r)
	if err != nil {
		var none P
		return vault.Actor{}, none, err
	}
	page, err := build(r, me)
	return me, page, err
}

func (p *Pages) serviceName(id string) string {
	if s, ok := p.cfg.Catalogue.Service(id); ok {
		return s.Name
	}
	return id
}

// applyPage reads the member's applications and, for a draft, its items.
func (p *Pages) applyPage(r *http.Request, me vault.Actor, draft string, typed cases.Items) (*applyPage, error) {
	page := &applyPage{Base: web.Base{Site: Site, Title: "복지서비스 신청", SignedIn: true, Notice: applyDone[r.URL.Query().Get("done")]}, Draft: draft}
	list, err := p.cfg.Cases.Applications(r.Context(), me)
	if err != nil {
		return nil, err
	}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		c := list[i]
		page.Applications = append(page.Applications, applicationView{ID: c.ID, Service: p.serviceName(c.Service), State: stateLabels[c.State],
			Outcome: outcomeLabels[c.Outcome], Created: day(c.Created), Updated: day(c.Updated), Draft: c.State == cases.StateDraft})
	}
	for _, s := range p.cfg.Catalogue.Services() {
		if s.OnlineApplication && len(page.Services) < maxServices {
			page.Services = append(page.Services, serviceOption{s.ID, s.Name})
		}
	}
	values := typed
	if draft != "" {
		a, err := p.cfg.Cases.Application(r.Context(), me, draft)
		if err != nil {
			return nil, err
		}
		if a.State != cases.StateDraft {
			return nil, errs.E(errs.Conflict, "the application is already submitted")
		}
		page.Service, page.ServiceName = a.Service, p.serviceName(a.Service)
		if values == nil {
			values = a.Items
		}
	}
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no policy")
	}
	pu := pol.Purpose(purposeApplication)
	if pu == nil {
		return nil, errs.E(errs.NotFound, "no online application purpose")
	}
	for _, it := range pu.Items {
		f := itemField{ID: it.ID, Name: it.Name, Value: values[it.ID]}
		if it.ID == "rrn" && draft != "" && typed == nil {
			f.Value = "" // a stored resident registration number is not shown back; typing it again replaces it
		}
		if it.Required {
			page.Required = append(page.Required, f)
		} else {
			page.Optional = append(page.Optional, f)
		}
	}
	return page, nil
}

func day(t time.Time) string { return t.In(seoul).Format("2006-01-02") }

var seoul = time.FixedZone("KST", 9*60*60)

var applyDone = map[string]string{
	"saved":     "임시 저장했습니다. 30일 안에 마저 작성해 제출해 주세요.",
	"submitted": "신청서를 제출했습니다. 처리 상태는 아래 목록에서 확인할 수 있습니다.",
}

func (p *Pages) applications(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	page, err := p.applyPage(r, me, "", nil)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "apply", page)
}

func (p *Pages) editDraft(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	page, err := p.applyPage(r, me, r.PathValue("id"), nil)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "apply", page)
}

// typedItems are the items filled in (empty ones left out: a draft may
// lack them).
func (p *Pages) typedItems(r *http.Request, page *applyPage) cases.Items {
	in := cases.Items{}
	for _, f := range append(append([]itemField{}, page.Required...), page.Optional...) {
		if v := r.PostForm.Get("item_" + f.ID); v != "" {
			in[f.ID] = v
		}
	}
	return in
}

// apply saves a new application as a draft and, with action=submit,
// submits it.
func (p *Pages) apply(w http.ResponseWriter, r *http.Request) error {
	return p.save(w, r, "")
}

// saveDraft changes a draft and, with action=submit, submits it.
func (p *Pages) saveDraft(w http.ResponseWriter, r *http.Request) error {
	return p.save(w, r, r.PathValue("id"))
}

func (p *Pages) save(w http.ResponseWriter, r *http.Request, id string) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	page, err := p.applyPage(r, me, id, cases.Items{})
	if err != nil {
		return err
	}
	in := p.typedItems(r, page)
	page, err = p.applyPage(r, me, id, in)
	if err != nil {
		return err
	}
	page.Notice = ""
	if id == "" {
		svc := r.PostForm.Get("service")
		if svc == "" {
			page.Error = "신청할 복지서비스를 골라 주세요."
			return pages.Render(w, r, http.StatusBadRequest, "apply", page)
		}
		c, err := p.cfg.Cases.Draft(r.Context(), me, svc, in)
		if err != nil {
			return p.applyRefused(w, r, page, err)
		}
		id = c.ID
	} else if len(in) > 0 {
		if err := p.cfg.Cases.ChangeDraft(r.Context(), me, id, in); err != nil {
			return p.applyRefused(w, r, page, err)
		}
	}
	if r.PostForm.Get("action") != "submit" {
		return web.SeeOther(w, r, "/bokjiro/applications?done=saved")
	}
	if _, err := p.cfg.Cases.Submit(r.Context(), me, id); err != nil {
		if page, err2 := p.applyPage(r, me, id, in); err2 == nil { // the draft now exists: keep editing it
			return p.applyRefused(w, r, page, err)
		}
		return err
	}
	return web.SeeOther(w, r, "/bokjiro/applications?done=submitted")
}

// applyRefused shows why the domain refused, in Korean.
func (p *Pages) applyRefused(w http.ResponseWriter, r *http.Request, page *applyPage, err error) error {
	if errs.Code(err) != errs.Invalid && errs.Code(err) != errs.Conflict {
		return err
	}
	page.Error = applyRefusals[reasonOf(err)]
	if page.Error == "" {
		page.Error = "입력한 내용을 확인해 주세요."
	}
	return pages.Render(w, r, http.StatusBadRequest, "apply", page)
}

func reasonOf(err error) string {
	if e, ok := err.(*errs.Error); ok {
		return e.Reason
	}
	return ""
}

var applyRefusals = map[string]string{
	"missing_required_items":   "필수 항목을 모두 입력해야 제출할 수 있습니다. 작성한 내용은 임시 저장되었습니다.",
	"empty_application":        "한 항목 이상 입력해 주세요.",
	"empty_change":             "바꿀 항목을 입력해 주세요.",
	"malformed_service":        "신청할 복지서비스를 다시 골라 주세요.",
	"already_submitted":        "이미 제출한 신청서입니다.",
	"changed_after_submission": "제출한 신청서는 고칠 수 없습니다.",
	"malformed_rrn":            "주민등록번호 형식이 올바르지 않습니다.",
	"malformed_mobile":         "휴대전화 번호 형식이 올바르지 않습니다.",
	"malformed_email":          "이메일 주소 형식이 올바르지 않습니다.",
	"malformed_landline":       "전화번호 형식이 올바르지 않습니다.",
	"item_too_long":            "한 항목은 500자까지 입력할 수 있습니다.",
	"bad_characters":           "입력할 수 없는 문자가 있습니다.",
}
