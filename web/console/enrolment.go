package console

import (
	"context"
	"net/http"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/devices"
	"jikimi/staff"
	"jikimi/store"
	"jikimi/web"
	"jikimi/web/chart"
)

// Tallies counts the subjects holding records of a purpose (*vault.Vault):
// counts and creation days only, no subject and no value.
type Tallies interface {
	Tally(ctx context.Context, service, purpose string, since time.Time, loc *time.Location) (store.DayTally, error)
}

// Watches counts the linked watches (*devices.Registry).
type Watches interface {
	Linked(ctx context.Context, since time.Time, loc *time.Location) (store.DayTally, error)
}

// enrolmentDays is how many days the enrolment status charts.
const enrolmentDays = 14

func (c *Console) enrolmentRoutes() []web.Route {
	return []web.Route{{Method: "GET", Path: "/staff/healthcare/enrolment", Handle: c.enrolment}}
}

type enrolmentPage struct {
	page
	Enrolled, Waiting, Linked int
	Days                      int
	Chart                     chart.StackedChart
}

// enrolment is the health operator's enrolment and watch-delivery status:
// counts only, so it needs the role and no purpose; the addresses are on
// the shipping list, which needs the watch delivery chosen.
func (c *Console) enrolment(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.HealthOperator)
	if err != nil {
		return err
	}
	if c.cfg.Tallies == nil || c.cfg.Watches == nil {
		return errs.E(errs.Unavailable, "참여 현황은 이 서버에서 볼 수 없습니다.")
	}
	now := c.cfg.Clock.Now().In(seoul)
	since := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, seoul).AddDate(0, 0, 1-enrolmentDays)
	enrolled, err := c.cfg.Tallies.Tally(r.Context(), devices.Service, "enrolment", since, seoul)
	if err != nil {
		return err
	}
	waiting, err := c.cfg.Tallies.Tally(r.Context(), devices.Service, devices.DeliveryPurpose, since, seoul)
	if err != nil {
		return err
	}
	linked, err := c.cfg.Watches.Linked(r.Context(), since, seoul)
	if err != nil {
		return err
	}
	p := &enrolmentPage{page: c.page(sess, "참여와 스마트워치 배송 현황"), Enrolled: enrolled.Total, Waiting: waiting.Total, Linked: linked.Total,
		Days: enrolmentDays, Chart: enrolmentChart(since, enrolled, linked)}
	return pages.Render(w, r, http.StatusOK, "enrolment", p)
}

// enrolmentChart stacks, per day, the participants who enrolled and those
// whose watch was linked (of those still enrolled and linked).
func enrolmentChart(since time.Time, enrolled, linked store.DayTally) chart.StackedChart {
	var days, labels []string
	for i := range enrolmentDays {
		d := since.AddDate(0, 0, i).Format("2006-01-02")
		days, labels = append(days, d), append(labels, d[8:])
	}
	series := []chart.Series{{Name: "신규 참여"}, {Name: "워치 연동"}}
	for _, d := range days {
		series[0].Values = append(series[0].Values, float64(enrolled.PerDay[d]))
		series[1].Values = append(series[1].Values, float64(linked.PerDay[d]))
	}
	return chart.Stacked("일별 신규 참여와 워치 연동", labels, series).Named("날", days)
}
