package pages

import (
	"net/http"

	"jikimi/errs"
	"jikimi/web"
)

// receivedPage is 받은 복지알림: what the 복지알림이 sent the member, newest
// first, its words recomputed from the member's own family data through
// the gate (the member as the actor), so no one else's list can be read.
type receivedPage struct {
	web.Base
	Subscribed bool
	Alerts     []receivedView
}

type receivedView struct {
	At    string
	Lines []string
}

func (p *Pages) received(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	page := &receivedPage{Base: web.Base{Site: Site, Title: "받은 복지알림", SignedIn: true}}
	got, err := p.cfg.Alerts.Received(r.Context(), me, me.ID)
	switch {
	case errs.Code(err) == errs.NotFound: // not subscribed
	case err != nil:
		return err
	default:
		page.Subscribed = true
		for _, a := range got {
			page.Alerts = append(page.Alerts, receivedView{At: minute(a.At), Lines: a.Lines})
		}
	}
	return pages.Render(w, r, http.StatusOK, "received", page)
}
