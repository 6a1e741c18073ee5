package console

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"slices"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
)

func (c *Console) caseworkerRoutes() []web.Route {
	const base = "/staff/bokjiro"
	return []web.Route{
		{Method: "GET", Path: base + "/applications", Handle: c.applications},
		{Method: "POST", Path: base + "/applications/search", Handle: c.searchApplications},
		{Method: "GET", Path: base + "/applications/{id}", Handle: c.application},
		{Method: "POST", Path: base + "/applications/{id}/review", Handle: c.startReview},
		{Method: "POST", Path: base + "/applications/{id}/result", Handle: c.notify},
		{Method: "POST", Path: base + "/applications/{id}/download", Handle: c.downloadApplication},
		{Method: "GET", Path: base + "/help-requests", Handle: c.helpRequests},
		{Method: "GET", Path: base + "/help-requests/{id}", Handle: c.helpRequest},
		{Method: "POST", Path: base + "/help-requests/{id}/result", Handle: c.completeHelp},
		{Method: "GET", Path: base + "/fraud-reports", Handle: c.fraudReports},
		{Method: "GET", Path: base + "/fraud-reports/{id}", Handle: c.fraudReport},
		{Method: "POST", Path: base + "/fraud-reports/{id}/result", Handle: c.concludeFraud},
	}
}

// Row is one item of a case as a screen shows it: only items the purpose
// declares, each with its published name.
type Row struct {
	ID, Name, Value string
	Required        bool
	Class           string // policy.Class...: sensitive and unique identifiers are marked
}

// rows lays out values by the purpose's declared items, in the policy's
// order; a value under any other key is never shown.
func (c *Console) rows(service, purpose string, values map[string]string) ([]Row, error) {
	p, ok := c.cfg.Policies.Current(service, c.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.Unavailable, "no policy in force")
	}
	pu := p.Purpose(purpose)
	if pu == nil {
		return nil, errs.E(errs.Unavailable, "the purpose is not declared")
	}
	var out []Row
	for _, it := range pu.Items {
		if v, ok := values[it.ID]; ok {
			out = append(out, Row{ID: it.ID, Name: it.Name, Value: v, Required: it.Required, Class: it.Class})
		}
	}
	return out, nil
}

// tab is one state of a queue.
type tab struct {
	State, Label string
	Current      bool
}

func tabs(states []string, current string) []tab {
	out := make([]tab, len(states))
	for i, s := range states {
		out[i] = tab{State: s, Label: stateName(s), Current: s == current}
	}
	return out
}

// queueState is the state asked for, or the first.
func queueState(r *http.Request, states []string) string {
	if s := r.URL.Query().Get("state"); slices.Contains(states, s) {
		return s
	}
	return states[0]
}

type casesPage struct {
	page
	Tabs     []tab
	State    string
	Cases    []cases.Case
	Searched bool // Cases are a search's results
}

// queue shows one of a caseworker's queues: the cases of the work n in the
// state asked for (one of states), listed by in, on the page name titled
// title.
func (c *Console) queue(w http.ResponseWriter, r *http.Request, n need, states []string, title, name string,
	in func(context.Context, vault.Actor, string) ([]cases.Case, error)) error {
	a, sess, ok, err := c.working(w, r, n)
	if !ok {
		return err
	}
	state := queueState(r, states)
	list, err := in(r.Context(), a, state)
	if err != nil {
		return err
	}
	p := &casesPage{page: c.page(sess, title), Tabs: tabs(states, state), State: state, Cases: list}
	return pages.Render(w, r, http.StatusOK, name, p)
}

func (c *Console) applications(w http.ResponseWriter, r *http.Request) error {
	return c.queue(w, r, needApplications, cases.QueueStates, "온라인 신청 처리", "applications", c.cfg.Cases.ApplicationsIn)
}

// searchApplications finds a person's applications by RRN, or by name and
// birth date, with the reason the access log keeps. It is a form post, so
// that what is searched for never appears in a URL.
func (c *Console) searchApplications(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needApplications)
	if !ok {
		return err
	}
	f := r.PostForm
	found, err := c.cfg.Cases.SearchApplications(r.Context(), a, cases.Search{RRN: f.Get("rrn"), Name: f.Get("name"),
		BirthDate: f.Get("birth_date"), Reason: f.Get("reason")})
	if err != nil {
		return err
	}
	p := &casesPage{page: c.page(sess, "온라인 신청 검색"), Tabs: tabs(cases.QueueStates, ""), Cases: found, Searched: true}
	return pages.Render(w, r, http.StatusOK, "applications", p)
}

type casePage struct {
	page
	Case      cases.Case
	Rows      []Row
	Transfers []cases.Transfer
	Outcomes  []string
}

func (c *Console) application(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needApplications)
	if !ok {
		return err
	}
	app, err := c.cfg.Cases.Review(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return c.showCase(w, r, sess.Work.Purpose, c.page(sess, "신청 검토"), "application", app, nil)
}

func (c *Console) showCase(w http.ResponseWriter, r *http.Request, purpose string, pg page, name string, app *cases.Application, ts []cases.Transfer) error {
	rows, err := c.rows(cases.Service, purpose, app.Items)
	if err != nil {
		return err
	}
	outcomes := []string{"approved", "rejected"}
	if name == "fraud" {
		outcomes = fraudOutcomes
	}
	p := &casePage{page: pg, Case: app.Case, Rows: rows, Transfers: ts, Outcomes: outcomes}
	if n := r.URL.Query().Get("done"); n != "" {
		p.Notice = stateName(n) + "(으)로 처리했습니다."
	}
	return pages.Render(w, r, http.StatusOK, name, p)
}

func (c *Console) startReview(w http.ResponseWriter, r *http.Request) error {
	return c.act(w, r, needApplications, "/staff/bokjiro/applications/", func(a vault.Actor, id string) (*cases.Case, error) {
		return c.cfg.Cases.StartReview(r.Context(), a, id)
	})
}

func (c *Console) notify(w http.ResponseWriter, r *http.Request) error {
	return c.act(w, r, needApplications, "/staff/bokjiro/applications/", func(a vault.Actor, id string) (*cases.Case, error) {
		return c.cfg.Cases.Notify(r.Context(), a, id, r.PostForm.Get("outcome"))
	})
}

// concludeFraud records a fraud report's result; the reporter is told by
// the outbox, in the same transaction.
func (c *Console) concludeFraud(w http.ResponseWriter, r *http.Request) error {
	return c.act(w, r, needFraud, "/staff/bokjiro/fraud-reports/", func(a vault.Actor, id string) (*cases.Case, error) {
		return c.cfg.Cases.ConcludeFraud(r.Context(), a, id, r.PostForm.Get("outcome"))
	})
}

func (c *Console) completeHelp(w http.ResponseWriter, r *http.Request) error {
	return c.act(w, r, needHelp, "/staff/bokjiro/help-requests/", func(a vault.Actor, id string) (*cases.Case, error) {
		return c.cfg.Cases.CompleteHelp(r.Context(), a, id, r.PostForm.Get("outcome"))
	})
}

// act runs a caseworker's action on the case of the path and goes back to
// the case, saying what was done.
func (c *Console) act(w http.ResponseWriter, r *http.Request, n need, back string, fn func(vault.Actor, string) (*cases.Case, error)) error {
	a, _, ok, err := c.working(w, r, n)
	if !ok {
		return err
	}
	cs, err := fn(a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.SeeOther(w, r, back+cs.ID+"?done="+cs.State)
}

// downloadApplication answers the application's items as a CSV file; the
// form asks why, and the reason goes into the access log.
func (c *Console) downloadApplication(w http.ResponseWriter, r *http.Request) error {
	a, _, ok, err := c.working(w, r, needApplications)
	if !ok {
		return err
	}
	app, err := c.cfg.Cases.DownloadApplication(r.Context(), a, r.PathValue("id"), r.PostForm.Get("reason"))
	if err != nil {
		return err
	}
	rows, err := c.rows(cases.Service, needApplications.Purpose, app.Items)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so spreadsheet programs read UTF-8
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"항목", "값"})
	for _, row := range rows {
		cw.Write([]string{row.Name, row.Value})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return errs.Wrap(errs.Internal, err, "console: write the file")
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="application-`+app.ID+`.csv"`)
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

var helpStates = []string{cases.StateReceived, cases.StateCompleted}

func (c *Console) helpRequests(w http.ResponseWriter, r *http.Request) error {
	return c.queue(w, r, needHelp, helpStates, "도움신청", "helps", c.cfg.Cases.HelpRequestsIn)
}

func (c *Console) helpRequest(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needHelp)
	if !ok {
		return err
	}
	app, err := c.cfg.Cases.HelpRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return c.showCase(w, r, sess.Work.Purpose, c.page(sess, "도움신청"), "help", app, nil)
}

var fraudStates = []string{cases.StateFiled, cases.StateConcluded}

// fraudOutcomes are the results a caseworker records for a fraud report:
// codes, so that no free text (which could carry personal data) is kept.
var fraudOutcomes = []string{"investigated", "unfounded", "transferred"}

func (c *Console) fraudReports(w http.ResponseWriter, r *http.Request) error {
	return c.queue(w, r, needFraud, fraudStates, "부정수급 신고", "frauds", c.cfg.Cases.FraudReportsIn)
}

func (c *Console) fraudReport(w http.ResponseWriter, r *http.Request) error {
	a, sess, ok, err := c.working(w, r, needFraud)
	if !ok {
		return err
	}
	app, ts, err := c.cfg.Cases.FraudReport(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return c.showCase(w, r, sess.Work.Purpose, c.page(sess, "부정수급 신고"), "fraud", app, ts)
}

// classLabel names the classes of item a screen marks: unique identifiers
// and sensitive data, which the law protects apart (Act 23, 24).
func classLabel(class string) string {
	switch class {
	case policy.ClassUniqueID:
		return "고유식별정보"
	case policy.ClassSensitive:
		return "민감정보"
	}
	return ""
}
