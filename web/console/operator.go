package console

import (
	"context"
	"net/http"

	"jikimi/errs"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/pointsvc"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// Points is what the health operator runs from the console: a day's
// accrual (or a week's bonus) again, and the reconciliation with the card
// company (*pointsvc.Service).
type Points interface {
	RunDay(ctx context.Context, day measure.Date) (pointsvc.DayReport, error)
	RunWeek(ctx context.Context, week measure.Date) (pointsvc.WeekReport, error)
	Reconcile(ctx context.Context) (pointsvc.Reconciliation, error)
}

// needPoints: the points are the health service's (제3조 2).
var needPoints = need{staff.HealthOperator, "seoul-healthcare", "health-service"}

func (c *Console) operatorRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/healthcare/points", Handle: c.pointsPage},
		{Method: "POST", Path: "/staff/healthcare/points/runs", Handle: c.runPoints},
		{Method: "POST", Path: "/staff/healthcare/points/reconciliation", Handle: c.reconcile},
		{Method: "GET", Path: "/staff/healthcare/shipments", Handle: c.shipments},
		{Method: "POST", Path: "/staff/healthcare/shipments/shipped", Handle: c.markShipped},
	}
}

type pointsPage struct {
	page
	Yesterday string
	Day       *pointsvc.DayReport
	Week      *pointsvc.WeekReport
	Reconcile *pointsvc.Reconciliation
}

// pointsWork is working for the points, when the console has them.
func (c *Console) pointsWork(w http.ResponseWriter, r *http.Request) (*staff.Session, bool, error) {
	if c.cfg.Points == nil {
		return nil, false, errs.E(errs.Unavailable, "포인트 업무는 이 서버에서 쓸 수 없습니다.")
	}
	_, sess, ok, err := c.working(w, r, needPoints)
	return sess, ok, err
}

func (c *Console) pointsPage(w http.ResponseWriter, r *http.Request) error {
	sess, ok, err := c.pointsWork(w, r)
	if !ok {
		return err
	}
	return c.showPoints(w, r, &pointsPage{page: c.page(sess, "포인트 적립과 서울페이 전환")})
}

func (c *Console) showPoints(w http.ResponseWriter, r *http.Request, p *pointsPage) error {
	p.Yesterday = measure.DateOf(c.cfg.Clock.Now().AddDate(0, 0, -1)).String()
	return pages.Render(w, r, http.StatusOK, "points", p)
}

// runPoints runs (again: it is idempotent) a past day's accrual, or the
// weekly bonus of the week holding it.
func (c *Console) runPoints(w http.ResponseWriter, r *http.Request) error {
	sess, ok, err := c.pointsWork(w, r)
	if !ok {
		return err
	}
	day, err := measure.ParseDate(r.PostForm.Get("day"))
	if err != nil || !day.Before(measure.DateOf(c.cfg.Clock.Now())) {
		return &errs.Error{Code: errs.Invalid, Reason: "bad_day", Message: "지난 날짜를 2026-11-30처럼 적어 주세요."}
	}
	p := &pointsPage{page: c.page(sess, "포인트 적립과 서울페이 전환")}
	if r.PostForm.Get("week") == "on" {
		rep, err := c.cfg.Points.RunWeek(r.Context(), day)
		if err != nil {
			return err
		}
		p.Week = &rep
	} else {
		rep, err := c.cfg.Points.RunDay(r.Context(), day)
		if err != nil {
			return err
		}
		p.Day = &rep
	}
	return c.showPoints(w, r, p)
}

// reconcile compares the ledger's conversions with the card company's.
func (c *Console) reconcile(w http.ResponseWriter, r *http.Request) error {
	sess, ok, err := c.pointsWork(w, r)
	if !ok {
		return err
	}
	rec, err := c.cfg.Points.Reconcile(r.Context())
	if err != nil {
		return err
	}
	return c.showPoints(w, r, &pointsPage{page: c.page(sess, "포인트 적립과 서울페이 전환"), Reconcile: &rec})
}

// Shipping is the watch-delivery shipping list (*devices.Registry): each
// participant's delivery address and contact read through the gate by the
// operator, until linking the watch destroys them.
type Shipping interface {
	ShippingList(ctx context.Context, operator vault.Actor, after string, limit int) ([]devices.Shipment, string, error)
	MarkShipped(ctx context.Context, operator vault.Actor, subject string) error
}

// needShipping: the delivery address is the watch delivery's (제3조 3).
var needShipping = need{staff.HealthOperator, "seoul-healthcare", "watch-delivery"}

// shipmentsPerPage is how many participants one page of the list reads.
const shipmentsPerPage = 50

type shipmentsPage struct {
	page
	ToShip, Shipped []devices.Shipment
	Next            string
	Error           string
}

// shipments is one page of the shipping list, in participant order: the
// watches still to ship, then those shipped and waiting to be linked.
func (c *Console) shipments(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.shippingWork(w, r)
	if !ok {
		return err
	}
	p := &shipmentsPage{page: c.page(sess, "스마트워치 배송 목록")}
	if r.URL.Query().Get("done") == "shipped" {
		p.Notice = "발송으로 표시했습니다. 참여자가 시계를 연결하면 배송지와 함께 목록에서 빠집니다."
	}
	return c.showShipments(w, r, a, http.StatusOK, p)
}

// shippingWork is working for the watch delivery, when the console has it.
func (c *Console) shippingWork(w http.ResponseWriter, r *http.Request) (vault.Actor, *staff.Session, bool, error) {
	if c.cfg.Shipping == nil {
		return vault.Actor{}, nil, false, errs.E(errs.Unavailable, "배송 업무는 이 서버에서 쓸 수 없습니다.")
	}
	return c.working(w, r, needShipping)
}

func (c *Console) showShipments(w http.ResponseWriter, r *http.Request, a vault.Actor, status int, p *shipmentsPage) error {
	list, next, err := c.cfg.Shipping.ShippingList(r.Context(), a, r.URL.Query().Get("after"), shipmentsPerPage)
	if err != nil {
		return err
	}
	for _, s := range list {
		if s.Shipped.IsZero() {
			p.ToShip = append(p.ToShip, s)
		} else {
			p.Shipped = append(p.Shipped, s)
		}
	}
	p.Next = next
	return pages.Render(w, r, status, "shipments", p)
}

var shippedRefusals = map[string]string{
	errs.NotFound: "그 참여자에게는 배송할 시계가 없습니다: 이미 시계를 연결했거나 배송 정보가 없습니다.",
}

// markShipped marks the form's participant's watch as shipped.
func (c *Console) markShipped(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.shippingWork(w, r)
	if !ok {
		return err
	}
	err = c.cfg.Shipping.MarkShipped(r.Context(), a, r.PostForm.Get("subject"))
	if msg, ok := refusal(err, shippedRefusals); ok {
		return c.showShipments(w, r, a, http.StatusBadRequest, &shipmentsPage{page: c.page(sess, "스마트워치 배송 목록"), Error: msg})
	}
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/healthcare/shipments?done=shipped")
}
