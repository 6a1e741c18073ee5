package console

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/partners/identity"
	"jikimi/rights"
	"jikimi/web"
)

// The privacy officer records a request received on paper, by e-mail or by
// fax (Decree 41(1)), as `jikimi rights file` does: the rights service
// checks it and starts its clock, so it joins the queue with its deadline
// and the person sees it among their requests in the service.

type rightsFilePage struct {
	page
	Services   []string
	Kinds      []rights.Kind
	Channels   []option
	Requesters []option
	Form       rightsFileForm
	Error      string
}

// option is a choice of a form: its value and its label.
type option struct{ Value, Label string }

// How a request came, and who made it, as the officer records them.
var (
	fileChannels   = []option{{string(rights.Paper), "서면 (방문·우편)"}, {string(rights.Email), "이메일"}, {string(rights.Fax), "팩스"}}
	fileRequesters = []option{{string(rights.BySubject), "정보주체 본인"}, {string(rights.ByRepresentative), "법정대리인 (만 14세 미만)"},
		{string(rights.ByProxy), "위임받은 대리인 (위임장)"}}
)

// rightsFileForm is what the officer typed, shown again after a refusal.
type rightsFileForm struct {
	Service, Subject, Kind, Channel, As    string
	Purposes, Items, Consents, ObjectsTo   string
	Verification, AttorneyFrom, AttorneyTo string
	Code                                   string // the code the legal representative was sent
	AttorneyKinds                          []string
}

// Standing starts what proves who asks on another's behalf, as `jikimi
// rights file --as` does: a new code to the legal representative recorded
// at sign-up (복지로's under-14 members), or the proxy's identity
// verification through the identity connector from what they wrote on the
// form. Each answers the verification's opaque ID; the proxy's identity
// goes to the verification service only.
type Standing interface {
	CallRepresentative(ctx context.Context, service, subject string) (string, error)
	VerifyProxy(ctx context.Context, c identity.Claim) (string, error)
}

func (c *Console) rightsNew(w http.ResponseWriter, r *http.Request) error {
	_, sess, err := c.officerActor(r)
	if err != nil {
		return err
	}
	return c.showRightsFile(w, r, http.StatusOK, &rightsFilePage{page: c.page(sess, "서면·이메일·팩스로 받은 요구 접수"),
		Form: rightsFileForm{Channel: string(rights.Paper), As: string(rights.BySubject)}})
}

func (c *Console) showRightsFile(w http.ResponseWriter, r *http.Request, status int, p *rightsFilePage) error {
	p.Services, p.Kinds, p.Channels, p.Requesters = c.cfg.Policies.Services(), rights.Kinds, fileChannels, fileRequesters
	return pages.Render(w, r, status, "rightfile", p)
}

// fileRefusals say why a request was not recorded.
var fileRefusals = map[string]string{
	errs.Invalid:   "요구 내용을 확인해 주세요: 종류·받은 방법·목적과 항목이 처리방침에 있는 것인지, 정정이면 항목을, 이의제기면 원래 요구 번호를 적었는지 확인하세요.",
	errs.Forbidden: "요구한 사람의 자격을 확인할 수 없습니다: 법정대리인이나 위임받은 대리인의 확인 번호, 위임장의 범위와 기간을 확인하세요.",
	errs.NotFound:  "이 서비스에 그 정보주체 번호가 없거나, 이의제기할 요구가 그 사람의 것이 아닙니다.",
	errs.Conflict:  "이의제기할 요구에 아직 결과가 없습니다.",
}

// rightsFile records the request as the signed-in officer.
func (c *Console) rightsFile(w http.ResponseWriter, r *http.Request) error {
	a, sess, err := c.officerActor(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := rightsFileForm{Service: f.Get("service"), Subject: strings.TrimSpace(f.Get("subject")), Kind: f.Get("kind"), Channel: f.Get("channel"),
		As: f.Get("as"), Purposes: f.Get("purposes"), Items: f.Get("items"), Consents: f.Get("consents"), ObjectsTo: strings.TrimSpace(f.Get("objects_to")),
		Verification: strings.TrimSpace(f.Get("verification")), Code: strings.TrimSpace(f.Get("code")),
		AttorneyKinds: f["attorney_kinds"], AttorneyFrom: f.Get("attorney_from"), AttorneyTo: f.Get("attorney_until")}
	filing, err := in.filing()
	var rq *rights.Request
	if err == nil {
		rq, err = c.cfg.Rights.File(r.Context(), a, filing)
	}
	if msg, ok := refusal(err, fileRefusals); ok {
		return c.showRightsFile(w, r, http.StatusBadRequest, &rightsFilePage{page: c.page(sess, "서면·이메일·팩스로 받은 요구 접수"), Form: in, Error: msg})
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/officer/rights?filed="+rq.ID)
}

// standingRefusals say why a verification could not start.
var standingRefusals = map[string]string{
	errs.NotFound: "가입 때 등록된 법정대리인이 없습니다: 법정대리인 확인은 복지로의 만 14세 미만 회원만 할 수 있습니다.",
	errs.Invalid:  "대리인의 이름, 생년월일(YYYY-MM-DD), 성별, 휴대전화 번호를 위임장에 적힌 대로 적어 주세요.",
}

// rightsRepresentative sends a new code to the legal representative
// recorded for the subject, and shows the form again ready to take it.
func (c *Console) rightsRepresentative(w http.ResponseWriter, r *http.Request) error {
	return c.startStanding(w, r, rights.ByRepresentative, "법정대리인 휴대전화로 인증번호를 보냈습니다. 법정대리인이 알려 준 인증번호를 적고 접수하세요.",
		func(s Standing, in rightsFileForm) (string, error) {
			return s.CallRepresentative(r.Context(), in.Service, in.Subject)
		})
}

// rightsProxy starts the proxy's identity verification, and shows the
// form again with it; the proxy confirms on their phone before filing.
func (c *Console) rightsProxy(w http.ResponseWriter, r *http.Request) error {
	return c.startStanding(w, r, rights.ByProxy, "대리인의 휴대전화로 본인확인을 요청했습니다. 대리인이 확인을 마치면 위임장의 범위와 기간을 적고 접수하세요.",
		func(s Standing, _ rightsFileForm) (string, error) {
			f := r.PostForm
			return s.VerifyProxy(r.Context(), identity.Claim{Name: f.Get("proxy_name"), BirthDate: f.Get("proxy_birth_date"), Sex: f.Get("proxy_sex"), Mobile: f.Get("proxy_mobile")})
		})
}

func (c *Console) startStanding(w http.ResponseWriter, r *http.Request, as rights.Requester, done string, start func(Standing, rightsFileForm) (string, error)) error {
	_, sess, err := c.officerActor(r)
	if err != nil {
		return err
	}
	if c.cfg.Standing == nil {
		return errs.E(errs.Unavailable, "대리인 확인은 이 서버에서 쓸 수 없습니다. 확인 번호를 직접 적어 주세요.")
	}
	in := rightsFileForm{Service: r.PostForm.Get("service"), Subject: strings.TrimSpace(r.PostForm.Get("subject")), Channel: string(rights.Paper), As: string(as)}
	p := &rightsFilePage{page: c.page(sess, "서면·이메일·팩스로 받은 요구 접수")}
	id, err := start(c.cfg.Standing, in)
	if msg, ok := refusal(err, standingRefusals); ok {
		p.Form, p.Error = in, msg
		return c.showRightsFile(w, r, http.StatusBadRequest, p)
	}
	if err != nil {
		return err
	}
	in.Verification = id
	p.Form, p.Notice = in, done
	return c.showRightsFile(w, r, http.StatusOK, p)
}

// Attorney reports whether the power of attorney typed covers kind.
func (in rightsFileForm) Attorney(kind rights.Kind) bool {
	return slices.Contains(in.AttorneyKinds, string(kind))
}

// filing is the form as the rights service takes it.
func (in rightsFileForm) filing() (rights.Filing, error) {
	f := rights.Filing{Service: in.Service, Subject: in.Subject, Kind: in.Kind, Channel: rights.Channel(in.Channel), As: rights.Requester(in.As),
		Purposes: fields(in.Purposes), Items: fields(in.Items), Consents: fields(in.Consents), ObjectsTo: in.ObjectsTo, Verification: in.Verification}
	if f.As == rights.ByRepresentative && in.Code != "" {
		f.Verification = in.Verification + ":" + in.Code
	}
	if f.As == rights.ByProxy || len(in.AttorneyKinds) > 0 || in.AttorneyFrom != "" || in.AttorneyTo != "" {
		var kinds []rights.Kind
		for _, k := range in.AttorneyKinds {
			kinds = append(kinds, rights.Kind(k))
		}
		a, err := rights.ParseAttorney(kinds, in.AttorneyFrom, in.AttorneyTo)
		if err != nil {
			return f, err
		}
		f.Attorney = a
	}
	return f, nil
}

// fields splits a list typed with commas or spaces.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}
