package pages

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/provision"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/web"
)

// cardProvision is the provision the conversion to 서울페이 needs: the
// card company receives the CI.
const cardProvision = "shinhan-card"

// pointsPage is the points balance, history, conversions and the
// conversion to 서울페이 with its consent.
type pointsPage struct {
	web.Base
	Balance     int64
	History     []entryView
	Conversions []conversionView
	Card        provisionView
	Error       string
}

type entryView struct{ Day, Kind, Points string }

type conversionView struct{ Created, Points, Status string }

// provisionView is one third-party provision with the participant's
// consent to it.
type provisionView struct {
	ID, Recipient, Purpose, Items, Retention, Refusal, Text string
	Given                                                   bool
	SensitiveCI                                             bool // the items include the CI
}

var kindNames = map[string]string{"daily": "하루 걸음 목표 달성", "weekly": "주간 보너스", "conversion": "서울페이 전환", "refund": "전환 실패로 되돌림"}

var statusNames = map[string]string{"pending": "처리 중", "done": "완료 (서울페이 충전)", "refunded": "실패 (포인트 되돌림)"}

func (p *Pages) points(w http.ResponseWriter, r *http.Request) error {
	return show(w, r, "points", p.pointsPage)
}

func (p *Pages) pointsPage(r *http.Request) (*pointsPage, error) {
	self, err := p.participant(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	page := &pointsPage{Base: base("포인트")}
	page.Notice = notice(r)
	if page.Balance, err = p.cfg.Points.Balance(ctx, self.ID); err != nil {
		return nil, err
	}
	entries, _, err := p.cfg.Points.History(ctx, self.ID, 0, 50)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		page.History = append(page.History, entryView{Day: e.Day, Kind: or(kindNames[e.Kind], e.Kind), Points: signed(e.Points)})
	}
	cs, err := p.cfg.Points.Conversions(ctx, self.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		page.Conversions = append(page.Conversions, conversionView{Created: c.Created.In(measure.Seoul).Format("2006-01-02 15:04"),
			Points: web.Thousands(c.Points) + "P", Status: or(statusNames[c.Status], c.Status)})
	}
	given, err := p.given(ctx, self)
	if err != nil {
		return nil, err
	}
	page.Card, err = p.provisionView(cardProvision, given)
	return page, err
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func signed(n int64) string {
	if n > 0 {
		return "+" + web.Thousands(n) + "P"
	}
	return web.Thousands(n) + "P"
}

// given is the scopes the participant's consents in force cover.
func (p *Pages) given(ctx context.Context, self vault.Actor) ([]string, error) {
	cs, err := p.cfg.Vault.Consents(ctx, vault.Request{Actor: self, Service: Service, Subject: self.ID})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cs {
		if c.Withdrawn == nil {
			out = append(out, c.Scope)
		}
	}
	return out, nil
}

func (p *Pages) provisionView(id string, given []string) (provisionView, error) {
	pr, err := p.cfg.Provisions.Consents.Provision(id)
	if err != nil {
		return provisionView{}, err
	}
	var items []string
	ci := false
	for _, it := range pr.Items {
		items = append(items, pr.ItemLabels[it])
		ci = ci || strings.HasSuffix(it, "/ci")
	}
	return provisionView{ID: id, Recipient: pr.Recipient, Purpose: pr.Purpose, Items: strings.Join(items, ", "), Retention: pr.Retention,
		Refusal: refusalOf(pr), Text: provision.Text(pr), Given: slices.Contains(given, "provision:"+id), SensitiveCI: ci}, nil
}

func refusalOf(pr *policy.Provision) string {
	if pr.RefusalCost != "" {
		return pr.RefusalCost
	}
	return "동의하지 않으면 " + pr.Purpose + "만 이용할 수 없고, 사업 참여에는 제한이 없습니다."
}

// cardConsent gives or withdraws the consent to the card company's
// provision.
func (p *Pages) cardConsent(w http.ResponseWriter, r *http.Request) error {
	return p.consentAction(w, r, cardProvision, "/healthcare/points", "card-given", "card-withdrawn")
}

// consentAction gives (action=give) or withdraws (action=withdraw) a
// provision consent, then returns to back with the matching notice.
func (p *Pages) consentAction(w http.ResponseWriter, r *http.Request, id, back, givenKey, withdrawnKey string) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	switch r.PostForm.Get("action") {
	case "give":
		err = p.cfg.Provisions.Consents.Give(r.Context(), self, self.ID, id, vault.ChannelWeb)
		back += "?done=" + givenKey
	case "withdraw":
		err = p.cfg.Provisions.Consents.Withdraw(r.Context(), self, self.ID, id)
		back += "?done=" + withdrawnKey
	default:
		err = errs.E(errs.Invalid, "action: want give or withdraw")
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, back)
}

// convert asks for points to be converted to 서울페이.
func (p *Pages) convert(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	n, perr := strconv.ParseInt(strings.ReplaceAll(r.PostForm.Get("points"), ",", ""), 10, 64)
	if perr != nil {
		err = errs.E(errs.Invalid, "전환할 포인트를 숫자로 입력해 주세요 (points: a whole number)")
	} else {
		_, err = p.cfg.Points.Convert(r.Context(), self, self.ID, n)
	}
	if err != nil {
		return p.formError(w, r, err, "points", func(msg string) (web.Page, error) {
			page, err := p.pointsPage(r)
			if err == nil {
				page.Error = msg
			}
			return page, err
		})
	}
	return web.SeeOther(w, r, "/healthcare/points?done=converted")
}
