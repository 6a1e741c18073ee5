package pages

import (
	"net/http"
	"strconv"
	"strings"

	"jikimi/errs"
	"jikimi/rights"
	"jikimi/web"
	"jikimi/welfare/newsletter"
)

// newsletterPage is the signed-in member's 뉴스레터: whether their own
// e-mail address (as their membership record holds it, read through the
// gate) is subscribed, the form to subscribe it (with the consent asked
// on its own) and the button to unsubscribe it.
type newsletterPage struct {
	web.Base
	Email      string
	Subscribed bool
	Consent    string // 제1조 8, the newsletter's consent text
	BirthYear  string // typed back after a refusal
	Error      string
}

const newsletterTitle = "뉴스레터"

var newsletterDone = map[string]string{
	"subscribed":   "뉴스레터 구독을 신청했습니다. 메일마다 있는 수신 거부 링크로 언제든 그만 받을 수 있습니다.",
	"unsubscribed": "뉴스레터 수신을 거부했습니다. 이메일 주소와 출생년도는 바로 파기했습니다.",
}

func (p *Pages) newsletterPage(r *http.Request) (*newsletterPage, error) {
	me, err := p.member(r)
	if err != nil {
		return nil, err
	}
	v, err := p.cfg.Members.Profile(r.Context(), me, me.ID)
	if err != nil {
		return nil, err
	}
	id, err := p.cfg.Newsletter.Of(r.Context(), v["email"])
	if err != nil {
		return nil, err
	}
	pol, ok := p.cfg.Policies.Current(Service, p.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no policy")
	}
	return &newsletterPage{Base: web.Base{Site: Site, Title: newsletterTitle, SignedIn: true, Notice: newsletterDone[r.URL.Query().Get("done")]},
		Email: v["email"], Subscribed: id != "", Consent: rights.ConsentText(pol, "purpose:"+newsletter.Purpose)}, nil
}

func (p *Pages) newsletterShow(w http.ResponseWriter, r *http.Request) error {
	page, err := p.newsletterPage(r)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "newsletter", page)
}

// newsletterSubscribe subscribes the member's own address: the consent
// and a birth year are required, else nothing is written.
func (p *Pages) newsletterSubscribe(w http.ResponseWriter, r *http.Request) error {
	page, err := p.newsletterPage(r)
	if err != nil {
		return err
	}
	page.Notice, page.BirthYear = "", strings.TrimSpace(r.PostForm.Get("birth_year"))
	if r.PostForm.Get("consent") != "yes" {
		page.Error = "뉴스레터를 받으려면 이메일 주소와 출생년도 수집·이용에 동의해야 합니다."
		return pages.Render(w, r, http.StatusBadRequest, "newsletter", page)
	}
	year, err := strconv.Atoi(page.BirthYear)
	if err != nil {
		page.Error = "출생년도를 네 자리 숫자로 입력해 주세요. 예: 1985"
		return pages.Render(w, r, http.StatusBadRequest, "newsletter", page)
	}
	sub := newsletter.Subscription{Email: page.Email, BirthYear: year, ConsentText: page.Consent}
	if _, err := p.cfg.Newsletter.Subscribe(r.Context(), web.ClientIP(r), sub); err != nil {
		return p.refused(w, r, "newsletter", page, &page.Error, err)
	}
	return web.SeeOther(w, r, "/bokjiro/newsletter?done=subscribed")
}

// newsletterEnd unsubscribes the member's own address.
func (p *Pages) newsletterEnd(w http.ResponseWriter, r *http.Request) error {
	page, err := p.newsletterPage(r)
	if err != nil {
		return err
	}
	if err := p.cfg.Newsletter.UnsubscribeAddress(r.Context(), web.ClientIP(r), page.Email); err != nil {
		if errs.Code(err) != errs.NotFound {
			return err
		}
		page.Notice, page.Error = "", "구독 중인 뉴스레터가 없습니다."
		return pages.Render(w, r, http.StatusBadRequest, "newsletter", page)
	}
	return web.SeeOther(w, r, "/bokjiro/newsletter?done=unsubscribed")
}

// unsubscribePage is where a mail's unsubscribe link lands: no sign-in,
// the link's subscription and signature carried by the form (a GET only
// asks; the button unsubscribes). A link whose signature does not verify
// is refused at once, and says nothing of whether the subscription exists.
type unsubscribePage struct {
	web.Base
	Subscription, Sig string
	Done              bool
	Error             string
}

const unsubscribeTitle = "뉴스레터 수신 거부"

const badLink = "수신 거부 링크가 올바르지 않거나 이미 수신을 거부했습니다. 받은 메일의 링크를 그대로 열어 주세요. 로그인한 회원은 나의 복지로의 '뉴스레터'에서 수신을 거부할 수 있습니다."

func (p *Pages) unsubscribeAsk(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := &unsubscribePage{Base: web.Base{Site: Site, Title: unsubscribeTitle}, Subscription: q.Get("subscription"), Sig: q.Get("sig")}
	if !p.cfg.Newsletter.LinkValid(page.Subscription, page.Sig) {
		page.Subscription, page.Sig, page.Error = "", "", badLink
		return pages.Render(w, r, http.StatusNotFound, "unsubscribe", page)
	}
	return pages.Render(w, r, http.StatusOK, "unsubscribe", page)
}

func (p *Pages) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	page := &unsubscribePage{Base: web.Base{Site: Site, Title: unsubscribeTitle}}
	err := p.cfg.Newsletter.Unsubscribe(r.Context(), web.ClientIP(r), r.PostForm.Get("subscription"), r.PostForm.Get("sig"))
	switch {
	case errs.Code(err) == errs.NotFound:
		page.Error = badLink
		return pages.Render(w, r, http.StatusNotFound, "unsubscribe", page)
	case err != nil:
		return err
	}
	page.Done = true
	return pages.Render(w, r, http.StatusOK, "unsubscribe", page)
}
