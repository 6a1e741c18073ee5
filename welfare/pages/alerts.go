package pages

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jikimi/errs"
	"jikimi/rights"
	"jikimi/web"
	"jikimi/welfare/alerts"
	"jikimi/welfare/catalogue"
)

// familyRows is how many family members the form offers.
const familyRows = 6

// alertsPage is the 복지알림이: who is in the family and the optional
// situations (under their own consent), what matches them today, and
// leaving it.
type alertsPage struct {
	web.Base
	Subscribed        bool
	Rows              []familyRow
	Relations, Sexes  []string
	Groups            []situationGroup
	Consent           string // 제1조 2.1
	SituationsConsent string // 제1조 2.2, separate
	Matches           []matchView
	Error             string
}

type familyRow struct {
	N                          int
	Relation, Name, Birth, Sex string
}

type situationGroup struct {
	Name, Legend string
	Options      []situationOption
}

type situationOption struct {
	ID, Label string
	Checked   bool
}

type matchView struct{ Name, Agency, Reasons string }

var alertsDone = map[string]string{
	"subscribed":   "복지알림이를 신청했습니다. 오늘 이후 바뀌는 복지서비스부터 알려 드립니다.",
	"changed":      "복지알림이 정보를 바꿨습니다.",
	"unsubscribed": "복지알림이를 해지했습니다. 가족 정보는 처리방침에 따라 파기합니다.",
}

func (p *Pages) alertsPage(r *http.Request, typed *alerts.Family) (*alertsPage, error) {
	me, s, err := p.cfg.Accounts.PageSession(r, Service)
	if err != nil {
		return nil, err
	}
	page := &alertsPage{Base: web.Base{Site: Site, Title: "복지알림이", SignedIn: true, Notice: alertsDone[r.URL.Query().Get("done")]},
		Relations: catalogue.RelationLabels(), Sexes: catalogue.SexLabels()}
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no policy")
	}
	page.Consent = rights.ConsentText(pol, "purpose:"+alerts.PurposeFamily)
	page.SituationsConsent = rights.ConsentText(pol, "purpose:"+alerts.PurposeProfile) + "\n" + rights.ConsentText(pol, "sensitive:"+alerts.PurposeProfile)
	f, err := p.cfg.Alerts.Family(r.Context(), me, s.Subject)
	switch {
	case err == nil:
		page.Subscribed = true
		ms, err := p.cfg.Alerts.Matches(r.Context(), me, s.Subject)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			page.Matches = append(page.Matches, matchView{Name: m.Service.Name, Agency: m.Service.Agency, Reasons: reasonsOf(m)})
		}
	case errs.Code(err) == errs.NotFound:
		f = &alerts.Family{Members: []alerts.FamilyMember{{Relation: "본인"}}}
	default:
		return nil, err
	}
	if typed != nil {
		f = typed
	}
	for i := range familyRows {
		row := familyRow{N: i + 1}
		if i < len(f.Members) {
			m := f.Members[i]
			row.Relation, row.Name, row.Birth, row.Sex = m.Relation, m.Name, m.Birth, m.Sex
		}
		page.Rows = append(page.Rows, row)
	}
	sit := f.Situations
	if sit == nil {
		sit = &alerts.Situations{}
	}
	page.Groups = []situationGroup{
		group("family_situation", "가족상황", catalogue.FamilySituationLabels(), sit.Family),
		group("personal_situation", "개인상황 (건강 관련 항목은 민감정보입니다)", catalogue.PersonalSituationLabels(), sit.Personal),
		group("interests", "관심분야", catalogue.InterestLabels(), sit.Interests),
	}
	return page, nil
}

// reasonsOf says why a service matches, each tag once, naming members by
// relation only.
func reasonsOf(m catalogue.Match) string {
	var why []string
	for _, rs := range m.Reasons {
		w := rs.Label()
		if rs.Member != catalogue.NoMember {
			w += " (" + rs.Relation.Label() + ")"
		}
		if !slices.Contains(why, w) {
			why = append(why, w)
		}
	}
	return strings.Join(why, ", ")
}

func group(name, legend string, labels, checked []string) situationGroup {
	g := situationGroup{Name: name, Legend: legend}
	for i, l := range labels {
		g.Options = append(g.Options, situationOption{ID: name + "-" + strconv.Itoa(i), Label: l, Checked: slices.Contains(checked, l)})
	}
	return g
}

func (p *Pages) alertsShow(w http.ResponseWriter, r *http.Request) error {
	page, err := p.alertsPage(r, nil)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "alerts", page)
}

// alertsSave subscribes, or changes the subscription.
func (p *Pages) alertsSave(w http.ResponseWriter, r *http.Request) error {
	me, s, err := p.cfg.Accounts.PageSession(r, Service)
	if err != nil {
		return err
	}
	f := r.PostForm
	fam := &alerts.Family{Situations: &alerts.Situations{Family: f["family_situation"], Personal: f["personal_situation"], Interests: f["interests"]}}
	for i := 1; i <= familyRows; i++ {
		n := strconv.Itoa(i)
		m := alerts.FamilyMember{Relation: f.Get("relation_" + n), Name: strings.TrimSpace(f.Get("name_" + n)), Birth: f.Get("birth_" + n), Sex: f.Get("sex_" + n)}
		if m.Name == "" && m.Birth == "" {
			continue // an empty row
		}
		fam.Members = append(fam.Members, m)
	}
	page, err := p.alertsPage(r, fam)
	if err != nil {
		return err
	}
	page.Notice = ""
	sub := alerts.Subscription{Family: fam.Members, ConsentText: page.Consent}
	if len(fam.Situations.Family)+len(fam.Situations.Personal)+len(fam.Situations.Interests) > 0 {
		if f.Get("situations_consent") != "yes" {
			page.Error = "가족상황·개인상황·관심분야를 알려 주려면 그 수집·이용에 따로 동의해야 합니다. 동의하지 않으려면 체크를 모두 풀어 주세요."
			return pages.Render(w, r, http.StatusBadRequest, "alerts", page)
		}
		sub.Situations, sub.SituationsConsentText = fam.Situations, page.SituationsConsent
	}
	do, key := p.cfg.Alerts.Change, "changed"
	if !page.Subscribed {
		if f.Get("consent") != "yes" {
			page.Error = "복지알림이를 신청하려면 가족 정보 수집·이용에 동의해야 합니다."
			return pages.Render(w, r, http.StatusBadRequest, "alerts", page)
		}
		do, key = p.cfg.Alerts.Subscribe, "subscribed"
	}
	if err := do(r.Context(), me, s.Subject, sub); err != nil {
		return p.refused(w, r, "alerts", page, &page.Error, err)
	}
	return web.SeeOther(w, r, "/bokjiro/alerts?done="+key)
}

func (p *Pages) alertsEnd(w http.ResponseWriter, r *http.Request) error {
	me, s, err := p.cfg.Accounts.PageSession(r, Service)
	if err != nil {
		return err
	}
	if err := p.cfg.Alerts.Unsubscribe(r.Context(), me, s.Subject); err != nil {
		return err
	}
	return web.SeeOther(w, r, "/bokjiro/alerts?done=unsubscribed")
}
