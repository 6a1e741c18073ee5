package console

import (
	"context"
	"net/http"

	"jikimi/errs"
	"jikimi/staff"
	"jikimi/web"
	"jikimi/welfare/newsletter"
)

// Newsletter sends an issue of 복지로's newsletter through the outbox to
// every subscriber and lists the issues sent (*newsletter.Service): the
// same call as `jikimi newsletter send`. The caseworker, 복지로's role,
// sends it; the screen shows no personal data (the outbox reads each
// address through the gate as it mails), so it needs the role only.
type Newsletter interface {
	Publish(ctx context.Context, is newsletter.Issue) (int, error)
	Issues(ctx context.Context, limit int) ([]newsletter.Sent, error)
}

const newsletterPath = "/staff/bokjiro/newsletter"

func (c *Console) newsletterRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: newsletterPath, Handle: c.newsletterPage},
		{Method: "POST", Path: newsletterPath + "/issues", Handle: c.sendNewsletter},
	}
}

type newsletterPage struct {
	page
	Issues []newsletter.Sent
	Form   newsletter.Issue
	Error  string
}

// newsletterHolder is the caseworker's session, when the console can send.
func (c *Console) newsletterHolder(r *http.Request) (*staff.Session, error) {
	if c.cfg.Newsletter == nil {
		return nil, errs.E(errs.Unavailable, "뉴스레터 발송은 이 서버에서 쓸 수 없습니다.")
	}
	return c.holding(r, staff.Caseworker)
}

func (c *Console) newsletterPage(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.newsletterHolder(r)
	if err != nil {
		return err
	}
	p := &newsletterPage{page: c.page(sess, "복지로 뉴스레터 발송")}
	if r.URL.Query().Get("sent") != "" {
		p.Notice = "발송 대기열에 넣었습니다. 구독자마다 한 통씩, 각자의 수신 거부 링크와 함께 보내집니다."
	}
	return c.showNewsletter(w, r, http.StatusOK, p)
}

func (c *Console) showNewsletter(w http.ResponseWriter, r *http.Request, status int, p *newsletterPage) error {
	var err error
	if p.Issues, err = c.cfg.Newsletter.Issues(r.Context(), 50); err != nil {
		return err
	}
	return pages.Render(w, r, status, "newsletter", p)
}

var newsletterRefusals = map[string]string{
	errs.Invalid: "호수는 64자 이내의 한 줄, 제목은 200바이트 이내의 한 줄, 본문은 20000바이트 이내의 글로 적어 주세요. 제어 문자나 방향 제어 문자는 쓸 수 없습니다.",
}

// sendNewsletter puts the issue in the outbox for every subscriber, as the
// signed-in caseworker.
func (c *Console) sendNewsletter(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.newsletterHolder(r)
	if err != nil {
		return err
	}
	is := newsletter.Issue{ID: r.PostForm.Get("issue"), Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), By: sess.AccountID}
	_, err = c.cfg.Newsletter.Publish(r.Context(), is)
	if msg, ok := refusal(err, newsletterRefusals); ok {
		return c.showNewsletter(w, r, http.StatusBadRequest, &newsletterPage{page: c.page(sess, "복지로 뉴스레터 발송"), Form: is, Error: msg})
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, newsletterPath+"?sent=1")
}
