package console

import (
	"context"
	"net/http"
	"slices"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/policy"
	"jikimi/retention"
	"jikimi/staff"
	"jikimi/store"
	"jikimi/web"
	"jikimi/web/chart"
)

func (c *Console) officerRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Path: "/staff/officer/plans", Handle: c.plans},
		{Method: "POST", Path: "/staff/officer/plans/{id}/approve", Handle: c.approve},
		{Method: "GET", Path: "/staff/officer/destructions", Handle: c.destructions},
		{Method: "GET", Path: "/staff/officer/inspection", Handle: c.inspection},
		{Method: "GET", Path: "/staff/officer/policies", Handle: c.policies},
	}
}

type plansPage struct {
	page
	Waiting, Other []retention.Plan
}

// plans lists the destruction plans, those waiting for the officer first
// (escalated ones flagged).
func (c *Console) plans(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.PrivacyOfficer)
	if err != nil {
		return err
	}
	all, err := c.cfg.Retention.Plans(r.Context())
	if err != nil {
		return err
	}
	p := &plansPage{page: c.page(sess, "파기 계획 승인")}
	for _, pl := range slices.Backward(all) {
		if pl.State == retention.StatePending || pl.State == retention.StateEscalated {
			p.Waiting = append(p.Waiting, pl)
		} else if len(p.Other) < 50 {
			p.Other = append(p.Other, pl)
		}
	}
	if id := r.URL.Query().Get("approved"); id != "" {
		p.Notice = "파기 계획 " + id + "을(를) 승인했습니다. 다음 파기 실행 때 파기됩니다."
	}
	return pages.Render(w, r, http.StatusOK, "plans", p)
}

// approve is the officer's signed-in act of approval: the approval names
// the session's account, never one typed in.
func (c *Console) approve(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.PrivacyOfficer)
	if err != nil {
		return err
	}
	pl, err := c.cfg.Retention.Approve(r.Context(), r.PathValue("id"), sess.AccountID)
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, "/staff/officer/plans?approved="+pl.ID)
}

type destructionsPage struct {
	page
	Month   string
	Records []retention.Destruction
	More    bool
	Chart   chart.StackedChart
}

// maxListed bounds the records a page lists; the chart counts them all.
const maxListed = 500

// destructions is the destruction report of a month and the records
// destroyed per month by rule over the year up to it.
func (c *Console) destructions(w http.ResponseWriter, r *http.Request) error {
	sess, from, err := c.officerMonth(r)
	if err != nil {
		return err
	}
	p := &destructionsPage{page: c.page(sess, "파기 기록"), Month: from.Format("2006-01")}
	err = c.cfg.Retention.Report(r.Context(), from, from.AddDate(0, 1, 0), func(d retention.Destruction) error {
		if p.More = len(p.Records) >= maxListed; !p.More {
			p.Records = append(p.Records, d)
		}
		return nil
	})
	if err != nil {
		return err
	}
	per, err := c.cfg.Retention.PerMonth(r.Context(), from.AddDate(0, -11, 0), from.AddDate(0, 1, 0), seoul)
	if err != nil {
		return err
	}
	p.Chart = monthlyChart(from, per)
	return pages.Render(w, r, http.StatusOK, "destructions", p)
}

// monthlyChart stacks the year's destructions per month by service/rule.
func monthlyChart(last time.Time, per []retention.Monthly) chart.StackedChart {
	var months, labels []string
	for i := 11; i >= 0; i-- {
		m := last.AddDate(0, -i, 0).Format("2006-01")
		months, labels = append(months, m), append(labels, m[2:])
	}
	cs := make([]count, len(per))
	for i, m := range per {
		cs[i] = count{serviceName(m.Service) + " " + m.Rule, m.Month, m.N}
	}
	return stackCounts("규칙별 월간 파기 건수", months, labels, cs).Named("달", months)
}

// count is n things of one series in one column of a stacked chart.
type count struct {
	series, column string
	n              int64
}

// stackCounts builds a stacked chart over columns (shown as labels), one
// series per name in the order first met; a count outside the columns is
// left out.
func stackCounts(title string, columns, labels []string, cs []count) chart.StackedChart {
	idx := map[string]int{}
	var series []chart.Series
	for _, c := range cs {
		i, ok := idx[c.series]
		if !ok {
			i, idx[c.series] = len(series), len(series)
			series = append(series, chart.Series{Name: c.series, Values: make([]float64, len(columns))})
		}
		if j := slices.Index(columns, c.column); j >= 0 {
			series[i].Values[j] += float64(c.n)
		}
	}
	return chart.Stacked(title, labels, series)
}

// officerMonth is the privacy officer's session and the month a page asks for.
func (c *Console) officerMonth(r *http.Request) (*staff.Session, time.Time, error) {
	sess, err := c.holding(r, staff.PrivacyOfficer)
	if err != nil {
		return nil, time.Time{}, err
	}
	m, err := c.month(r)
	return sess, m, err
}

// month is the month asked for (?month=YYYY-MM), else this one, as its
// first instant in Korea.
func (c *Console) month(r *http.Request) (time.Time, error) {
	now := c.cfg.Clock.Now().In(seoul)
	m := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, seoul)
	if s := r.URL.Query().Get("month"); s != "" {
		t, err := time.ParseInLocation("2006-01", s, seoul)
		if err != nil {
			return m, &errs.Error{Code: errs.Invalid, Reason: "bad_month", Message: "달은 2026-11처럼 적어 주세요."}
		}
		m = t
	}
	return m, nil
}

type inspectionPage struct {
	page
	Month      string
	In         *audit.Inspection
	ByPurpose  chart.StackedChart
	ByRole     chart.StackedChart
	Checkpoint *audit.Checkpoint
	Verified   *audit.Report
	VerifyErr  string
}

// inspection is the monthly access-log inspection (Standard 8(2)) with its
// flags, the accesses per day by purpose and by role, the latest signed
// checkpoint, and (on request) the verification of the whole log.
func (c *Console) inspection(w http.ResponseWriter, r *http.Request) error {
	sess, from, err := c.officerMonth(r)
	if err != nil {
		return err
	}
	in, err := c.cfg.Log.Inspect(r.Context(), from, audit.InspectOptions{})
	if err != nil {
		return err
	}
	p := &inspectionPage{page: c.page(sess, "접속기록 점검"), Month: from.Format("2006-01"), In: in}
	p.ByPurpose, p.ByRole = dailyCharts(from, in.Daily)
	if p.Checkpoint, err = c.cfg.Log.Latest(r.Context()); err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	if r.URL.Query().Get("verify") == "1" {
		rep, err := c.cfg.Log.Verify(r.Context())
		if err != nil {
			p.VerifyErr = "검증하지 못했습니다: " + errs.Code(err)
		} else {
			p.Verified = &rep
		}
	}
	return pages.Render(w, r, http.StatusOK, "inspection", p)
}

// dailyCharts stacks the month's entries per day, by purpose and by role.
func dailyCharts(from time.Time, daily []audit.Daily) (byPurpose, byRole chart.StackedChart) {
	var days, labels []string
	for d := from; d.Month() == from.Month(); d = d.AddDate(0, 0, 1) {
		days, labels = append(days, d.Format("2006-01-02")), append(labels, "")
		if len(days)%5 == 1 {
			labels[len(labels)-1] = d.Format("02")
		}
	}
	purposes, roles := make([]count, len(daily)), make([]count, len(daily))
	for i, d := range daily {
		purposes[i], roles[i] = count{d.Purpose, d.Day, d.N}, count{d.Role, d.Day, d.N}
	}
	return stackCounts("목적별 일일 접근 건수", days, labels, purposes).Named("날", days), stackCounts("역할별 일일 접근 건수", days, labels, roles).Named("날", days)
}

type policiesPage struct {
	page
	Services []servicePolicies
}

type servicePolicies struct {
	ID, Name string
	Current  *policy.Policy
	Versions []versionRow
	Diffs    []versionDiff
	Trustees []trustee
}

// versionRow is one version of a service's policy with its publication
// state: a draft (declared, never published), published and waiting for
// its effective date, in force, or past; a version known from the history
// alone has no text here.
type versionRow struct {
	policy.VersionInfo
	State       string
	PublishedAt time.Time
}

// Publication states.
const (
	stateDraft     = "draft"
	stateScheduled = "scheduled"
	stateInForce   = "in-force"
	statePast      = "past"
	stateHistory   = "history"
)

// Publications are the policy versions published, per service
// (store.Store).
type Publications interface {
	Publications(ctx context.Context, service string) ([]store.Publication, error)
}

// versionRows states each version's publication at now.
func versionRows(history []policy.VersionInfo, pubs []store.Publication, current *policy.Policy, now time.Time) []versionRow {
	published := map[string]time.Time{}
	for _, p := range pubs {
		published[p.Version] = p.PublishedAt
	}
	out := make([]versionRow, len(history))
	for i, v := range history {
		at, ok := published[v.Version]
		row := versionRow{VersionInfo: v, PublishedAt: at}
		switch {
		case !v.Declared:
			row.State = stateHistory
		case !ok:
			row.State = stateDraft
		case v.From.After(now):
			row.State = stateScheduled
		case current != nil && current.Version == v.Version:
			row.State = stateInForce
		default:
			row.State = statePast
		}
		out[i] = row
	}
	return out
}

type versionDiff struct {
	From, To string
	Diff     policy.Diff
}

type trustee struct {
	*policy.Trustee
	Contract string
}

// policies lists each service's versions with their publication state and
// what each changed (policy diff), and its trustees with their contract state (an expired contract flagged).
func (c *Console) policies(w http.ResponseWriter, r *http.Request) error {
	sess, err := c.holding(r, staff.PrivacyOfficer)
	if err != nil {
		return err
	}
	now := c.cfg.Clock.Now()
	p := &policiesPage{page: c.page(sess, "처리방침과 수탁자")}
	for _, id := range c.cfg.Policies.Services() {
		pubs, err := c.cfg.Publications.Publications(r.Context(), id)
		if err != nil {
			return err
		}
		sp := servicePolicies{ID: id, Name: serviceName(id)}
		sp.Current, _ = c.cfg.Policies.Current(id, now)
		sp.Versions = versionRows(c.cfg.Policies.History(id), pubs, sp.Current, now)
		declared := c.cfg.Policies.Declared(id)
		for i := 1; i < len(declared); i++ {
			sp.Diffs = append(sp.Diffs, versionDiff{From: declared[i-1].Version, To: declared[i].Version, Diff: policy.Compare(declared[i-1], declared[i])})
		}
		if sp.Current != nil {
			for _, t := range sp.Current.Consignment.Trustees {
				sp.Trustees = append(sp.Trustees, trustee{Trustee: t, Contract: t.Contract(now.In(seoul))})
			}
		}
		p.Services = append(p.Services, sp)
	}
	return pages.Render(w, r, http.StatusOK, "policies", p)
}
