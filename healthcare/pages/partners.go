package pages

import (
	"net/http"
	"slices"

	"jikimi/errs"
	"jikimi/healthcare/enrol"
	"jikimi/vault"
	"jikimi/web"
)

// partnerServices are the partners a participant can use, in the order
// the page shows them.
var partnerServices = []struct{ ID, Service string }{
	{"korea-body-info", "홈트레이닝"},
	{"maeum-suup", "멘탈케어"},
}

// partnersPage is the partner services, each with its consent, and the
// optional city information.
type partnersPage struct {
	web.Base
	Partners []partnerView
	City     cityView
	Error    string
}

type partnerView struct {
	Service string
	provisionView
}

type cityView struct {
	Text  string
	Given bool
}

func (p *Pages) partners(w http.ResponseWriter, r *http.Request) error {
	return show(w, r, "partners", p.partnersPage)
}

func (p *Pages) partnersPage(r *http.Request) (*partnersPage, error) {
	self, err := p.participant(r)
	if err != nil {
		return nil, err
	}
	given, err := p.given(r.Context(), self)
	if err != nil {
		return nil, err
	}
	page := &partnersPage{Base: base("제휴 서비스")}
	page.Notice = notice(r)
	for _, ps := range partnerServices {
		v, err := p.provisionView(ps.ID, given)
		if err != nil {
			return nil, err
		}
		page.Partners = append(page.Partners, partnerView{Service: ps.Service, provisionView: v})
	}
	if page.City.Text, err = p.cfg.City.ConsentText(); err != nil {
		return nil, err
	}
	page.City.Given = slices.Contains(given, "purpose:"+enrol.PurposeCityInfo)
	return page, nil
}

// partner gives or withdraws a partner's consent, or uses the service
// (the partner receives the consented items).
func (p *Pages) partner(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("provision")
	if !slices.ContainsFunc(partnerServices, func(ps struct{ ID, Service string }) bool { return ps.ID == id }) {
		return errs.E(errs.NotFound, "no such partner service")
	}
	if r.PostForm.Get("action") != "use" {
		return p.consentAction(w, r, id, "/healthcare/partners", "given", "withdrawn")
	}
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	if err := p.cfg.Provisions.Provide(r.Context(), self, self.ID, id); err != nil {
		if errs.Code(err) != errs.NotFound { // items not yet recorded: said on the page
			return err
		}
		return p.formError(w, r, errs.E(errs.Invalid, "%s", korean(err)), "partners", func(msg string) (web.Page, error) {
			page, err := p.partnersPage(r)
			if err == nil {
				page.Error = msg + " 건강기록에서 먼저 입력해 주세요."
			}
			return page, err
		})
	}
	return web.SeeOther(w, r, "/healthcare/partners?done=used")
}

// cityInfo opts in to (action=in) or out of the city information.
func (p *Pages) cityInfo(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	key := "city-in"
	switch r.PostForm.Get("action") {
	case "in":
		err = p.cfg.City.OptIn(r.Context(), self, self.ID, vault.ChannelWeb)
	case "out":
		err, key = p.cfg.City.OptOut(r.Context(), self, self.ID), "city-out"
	default:
		err = errs.E(errs.Invalid, "action: want in or out")
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/healthcare/partners?done="+key)
}
