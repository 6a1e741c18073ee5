package console

import (
	"context"
	"html/template"
	"net/http"

	"jikimi/errs"
	"jikimi/healthcare/stats"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// Statistics extracts the health service's pseudonymised dataset
// (*stats.Extractor): the statistician's health items read through the
// gate in their role, for the purpose they chose.
type Statistics interface {
	Extract(ctx context.Context, by vault.Actor) (*stats.Dataset, error)
}

// needStats: the statistics are the health service's 효과평가·통계분석
// (제1조 2). Counts of people are statistics of personal data, so the
// screen opens only once that purpose is chosen, like every other.
var needStats = need{staff.Statistician, "seoul-healthcare", "health-service"}

type statsPage struct {
	page
	Body template.HTML // stats.Page's content
}

// statistics is the participation statistics and effect evaluation, with
// every cell under k people withheld (stats.Build).
func (c *Console) statistics(w http.ResponseWriter, r *http.Request) error {
	if c.cfg.Statistics == nil {
		return errs.E(errs.Unavailable, "통계는 이 서버에서 쓸 수 없습니다.")
	}
	a, sess, ok, err := c.working(w, r, needStats)
	if !ok {
		return err
	}
	ds, err := c.cfg.Statistics.Extract(r.Context(), a)
	if err != nil {
		return err
	}
	body, err := stats.NewPage(stats.Build(ds)).HTML()
	if err != nil {
		return err
	}
	p := &statsPage{page: c.page(sess, "손목닥터 9988 참여 통계 및 효과평가"), Body: body}
	return pages.Render(w, r, http.StatusOK, "stats", p)
}

func (c *Console) statisticsRoutes() []web.Route {
	return []web.Route{{Method: "GET", Path: "/staff/healthcare/stats", Handle: c.statistics}}
}
