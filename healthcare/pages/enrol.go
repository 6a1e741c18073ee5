package pages

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/enrol"
	"jikimi/partners/identity"
	"jikimi/policy"
	"jikimi/web"
)

// landingPage introduces the programme to someone not signed in.
type landingPage struct{ web.Base }

func (p *Pages) landing(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.participant(r); err == nil {
		return web.SeeOther(w, r, Site.Home)
	}
	return render(w, r, "landing", &landingPage{Base: web.Base{Site: Site, Title: "사업 안내", Notice: notice(r)}})
}

// verifyPage is step 1 of enrolment: who the applicant is, checked by the
// identity-verification service.
type verifyPage struct {
	web.Base
	Claim identity.Claim
	Error string
}

func (p *Pages) enrolStart(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, "enrol-verify", &verifyPage{Base: web.Base{Site: Site, Title: "참여 신청: 본인확인"}})
}

func claimOf(r *http.Request) identity.Claim {
	f := r.PostForm
	return identity.Claim{Name: strings.TrimSpace(f.Get("name")), BirthDate: f.Get("birth_date"), Sex: f.Get("sex"), Mobile: strings.TrimSpace(f.Get("mobile"))}
}

// enrolVerify starts the verification and shows the enrolment form for
// the verified person.
func (p *Pages) enrolVerify(w http.ResponseWriter, r *http.Request) error {
	c := claimOf(r)
	key := make([]byte, 16)
	rand.Read(key)
	id, err := p.cfg.Enrol.StartVerification(r.Context(), hex.EncodeToString(key), c)
	if err != nil {
		return p.formError(w, r, err, "enrol-verify", func(msg string) (web.Page, error) {
			return &verifyPage{Base: web.Base{Site: Site, Title: "참여 신청: 본인확인"}, Claim: c, Error: msg}, nil
		})
	}
	form, err := p.enrolForm(enrol.Application{Verification: id, Name: c.Name, BirthDate: c.BirthDate, Sex: c.Sex, Mobile: c.Mobile})
	if err != nil {
		return err
	}
	return render(w, r, "enrol-form", form)
}

// formError shows an invalid or conflicting submission again with the
// error's Korean words (status 400 or 409); other errors go to the error
// page.
// page builds the page named name showing msg above its form.
func (p *Pages) formError(w http.ResponseWriter, r *http.Request, err error, name string, page func(msg string) (web.Page, error)) error {
	code := errs.Code(err)
	if code != errs.Invalid && code != errs.Conflict && code != errs.Forbidden {
		return err
	}
	data, perr := page(korean(err))
	if perr != nil {
		return perr
	}
	return pages.Render(w, r, errs.HTTPStatus(code), name, data)
}

// show renders the page a builder makes from the request.
func show[P web.Page](w http.ResponseWriter, r *http.Request, name string, build func(*http.Request) (P, error)) error {
	page, err := build(r)
	if err != nil {
		return err
	}
	return render(w, r, name, page)
}

// korean is the Korean part of a domain error's message ("한국어 (English)"),
// or a general request to check the form.
func korean(err error) string { return web.Korean(err) }

// enrolFormPage is step 2: account, tie to Seoul, delivery and the
// consents, each on its own part of the page.
type enrolFormPage struct {
	web.Base
	App        enrol.Application
	Districts  []string
	Required   []consentPart
	Optional   []consentPart
	Recipients []recipient
	Error      string
}

// consentPart is one consent as the form shows it, written from the policy.
type consentPart struct {
	Scope     string
	Title     string
	Purpose   string
	Items     []itemView
	Retention string
	Sensitive bool // the 민감정보 consent (Act 23), asked apart
	Refusal   string
	Text      string // the exact text the ledger records
	Checked   bool
}

type itemView struct {
	Name      string
	Sensitive bool // 민감정보
	CI        bool // 연계정보
}

// recipient is a third party named with what it receives and keeps.
type recipient struct {
	Name, Purpose, Items, Retention, Refusal string
}

func (p *Pages) enrolForm(app enrol.Application) (*enrolFormPage, error) {
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.Unavailable, "no policy in force")
	}
	form, err := p.cfg.Enrol.Form()
	if err != nil {
		return nil, err
	}
	page := &enrolFormPage{Base: web.Base{Site: Site, Title: "참여 신청: 가입 정보와 동의"}, App: app, Districts: p.cfg.Enrol.Districts().All()}
	for _, f := range form {
		part := consentPart{Scope: f.Scope, Text: f.Text, Checked: slices.Contains(app.Consents, f.Scope)}
		kind, id, _ := strings.Cut(f.Scope, ":")
		pu := pol.Purpose(id)
		part.Title, part.Purpose, part.Sensitive = pu.Title, pu.Description, kind == "sensitive"
		for _, it := range pu.Items {
			if part.Sensitive && it.Class != policy.ClassSensitive {
				continue
			}
			part.Items = append(part.Items, itemView{Name: it.Name, Sensitive: it.Class == policy.ClassSensitive, CI: it.Identifier == "ci"})
		}
		var ret []string
		for _, rt := range pu.Retention {
			ret = append(ret, rt.Text)
		}
		part.Retention = strings.Join(ret, ", ")
		part.Refusal = refusal(pu)
		if f.Required {
			page.Required = append(page.Required, part)
		} else {
			page.Optional = append(page.Optional, part)
		}
	}
	page.Recipients = recipients(pol)
	return page, nil
}

// refusal is what refusing a purpose's consent costs.
func refusal(pu *policy.Purpose) string {
	if pu.Consent != nil && pu.Consent.RefusalCost != "" {
		return pu.Consent.RefusalCost
	}
	if pu.Required {
		return "동의하지 않으면 사업에 참여할 수 없습니다."
	}
	return "동의하지 않아도 사업 참여에는 제한이 없습니다."
}

// recipients are the policy's third-party provisions.
func recipients(pol *policy.Policy) []recipient {
	var out []recipient
	for _, pr := range pol.ThirdParties.Provisions {
		var items []string
		for _, it := range pr.Items {
			items = append(items, pr.ItemLabels[it])
		}
		cost := pr.RefusalCost
		if cost == "" {
			cost = "동의하지 않으면 이 회사를 통한 서비스만 이용할 수 없고, 사업 참여에는 제한이 없습니다."
		}
		out = append(out, recipient{Name: pr.Recipient, Purpose: pr.Purpose, Items: strings.Join(items, ", "), Retention: pr.Retention, Refusal: cost})
	}
	return out
}

func applicationOf(r *http.Request) enrol.Application {
	f := r.PostForm
	c := claimOf(r)
	return enrol.Application{Verification: f.Get("verification_id"), Login: strings.TrimSpace(f.Get("login")), Password: f.Get("password"),
		Name: c.Name, BirthDate: c.BirthDate, Sex: c.Sex, Mobile: c.Mobile,
		District: f.Get("district"), SeoulTie: f.Get("seoul_tie"),
		DeliveryAddress: strings.TrimSpace(f.Get("delivery_address")), DeliveryContact: strings.TrimSpace(f.Get("delivery_contact")),
		Consents: f["consent"]}
}

// enrolSubmit enrols the applicant and signs them in.
func (p *Pages) enrolSubmit(w http.ResponseWriter, r *http.Request) error {
	app := applicationOf(r)
	if _, err := p.cfg.Enrol.Enrol(r.Context(), app, web.ClientIP(r)); err != nil {
		return p.formError(w, r, err, "enrol-form", func(msg string) (web.Page, error) {
			app.Password = ""
			page, err := p.enrolForm(app)
			if err == nil {
				page.Error = msg
			}
			return page, err
		})
	}
	s, err := p.cfg.Accounts.Login(r.Context(), Service, enrol.PurposeEnrolment, app.Login, app.Password, web.ClientIP(r))
	if err != nil {
		return err
	}
	p.cfg.Accounts.BeginPageSession(w, r, s)
	return web.SeeOther(w, r, "/healthcare/today?done=welcome")
}
