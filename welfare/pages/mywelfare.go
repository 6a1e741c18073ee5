package pages

import (
	"net/http"
	"strings"

	"jikimi/errs"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/partners/insurance"
	"jikimi/web"
)

// myWelfarePage is 나의 복지서비스: the member verifies who they are (본인확인)
// and gives their resident registration number, and sees their own records
// in the four social-insurance systems, read once and never kept. The
// look-up is bound to the member's verified identity: a verification of
// someone else, or another person's number, is refused (a Korean error
// page), never answered.
type myWelfarePage struct {
	web.Base
	Claim   identity.Claim // typed back after a refusal of the form
	Systems []systemView   // the answer
	Error   string
}

type systemView struct {
	ID, Name string
	Rows     []itemRow
}

type itemRow struct{ Name, Value string }

// systemNames are the systems in Korean.
var systemNames = map[insurance.System]string{insurance.Pension: "국민연금", insurance.Health: "국민건강보험",
	insurance.Employment: "고용보험", insurance.Accident: "산재보험"}

const myWelfareTitle = "나의 복지서비스"

func (p *Pages) myWelfare(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.member(r); err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "mywelfare", &myWelfarePage{Base: web.Base{Site: Site, Title: myWelfareTitle, SignedIn: true}})
}

// lookUpMyWelfare verifies the member's identity with the identity
// service and looks them up by the number of the person it confirmed.
// A form left incomplete is shown again; an identity that is not the
// member's is the error page (403), logged by the gate.
func (p *Pages) lookUpMyWelfare(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	c := identity.Claim{Name: strings.TrimSpace(f.Get("name")), BirthDate: f.Get("birth_date"), Sex: f.Get("sex"), Mobile: strings.TrimSpace(f.Get("mobile"))}
	page := &myWelfarePage{Base: web.Base{Site: Site, Title: myWelfareTitle, SignedIn: true}, Claim: c}
	if c.Name == "" || c.BirthDate == "" || c.Sex == "" || c.Mobile == "" || strings.TrimSpace(f.Get("rrn")) == "" {
		page.Error = "본인확인을 위해 성명, 생년월일, 성별, 휴대전화 번호와 주민등록번호를 모두 입력해 주세요."
		return pages.Render(w, r, http.StatusBadRequest, "mywelfare", page)
	}
	ver, err := p.cfg.Members.StartIdentity(r.Context(), partners.IdempotencyKey(r), c)
	if err != nil {
		return p.myWelfareRefused(w, r, page, err)
	}
	got, err := p.cfg.Cases.MyWelfare(r.Context(), me, ver, f.Get("rrn"))
	if err != nil {
		return p.myWelfareRefused(w, r, page, err)
	}
	page.Claim = identity.Claim{}
	labels := p.itemLabels(purposeMyWelfare)
	for _, sys := range insurance.Systems {
		v := systemView{ID: string(sys), Name: systemNames[sys]}
		for _, it := range insurance.Items[sys] {
			val := got[sys][it]
			if val == "" {
				val = "없음"
			}
			v.Rows = append(v.Rows, itemRow{Name: labels[it], Value: val})
		}
		page.Systems = append(page.Systems, v)
	}
	return pages.Render(w, r, http.StatusOK, "mywelfare", page)
}

// purposeMyWelfare is the policy's purpose of 나의 복지서비스.
const purposeMyWelfare = "my-welfare"

// itemLabels are the Korean names of a purpose's items in the policy in
// force.
func (p *Pages) itemLabels(purpose string) map[string]string {
	out := map[string]string{}
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return out
	}
	if pu := pol.Purpose(purpose); pu != nil {
		for _, it := range pu.Items {
			out[it.ID] = it.Name
		}
	}
	return out
}

// myWelfareRefused shows a refused form on the page; a refused identity
// (403) and every other failure are the error page.
func (p *Pages) myWelfareRefused(w http.ResponseWriter, r *http.Request, page *myWelfarePage, err error) error {
	if errs.Code(err) != errs.Invalid {
		return err
	}
	page.Error = web.Korean(err)
	return pages.Render(w, r, http.StatusBadRequest, "mywelfare", page)
}
