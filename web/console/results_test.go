package console

import (
	"net/url"
	"strings"
	"testing"

	"jikimi/staff"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/cases"
)

// resultNotices counts the result notices in the outbox.
func (e *env) resultNotices() int {
	e.t.Helper()
	var n int
	e.must(e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = ?`, cases.ResultKind).Scan(&n))
	return n
}

// The caseworker records a fraud report's result and a help request's in
// the console, each while working for its own purpose: the report shows
// what was reported (bokjiro 2026-12-07's content item), the result is a
// code from the form, and the person's result notice goes into the outbox
// with it. A malformed result, a second result and a result posted while
// working for the other purpose are refused and change nothing.
func TestCaseworkerRecordsResultsInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnvWith(t, open, vaulttest.Config{Policies: vaulttest.LatestFrom(t, "2026-01-01", "seoul-healthcare", "bokjiro")})
		contact := cases.Items{"name": "김가상", "address": "서울특별시 가상구 가상로 0000", "mobile": "010-0000-0007",
			"landline": "02-0000-0007", "email": "kim@example.invalid"}
		with := func(k, v string) cases.Items {
			out := cases.Items{k: v}
			for k, v := range contact {
				out[k] = v
			}
			return out
		}
		report, err := e.cases.ReportFraud(ctx, e.Subject(t, cases.Service), with(cases.ReportContent, "가상 사업장이 근로 사실을 숨기고 급여를 받습니다."),
			[]string{"epeople", "clean-portal"})
		e.must(err)
		help, err := e.cases.RequestHelp(ctx, e.Subject(t, cases.Service), with(cases.HelpContent, "가상 요청: 방문 돌봄이 필요합니다."))
		e.must(err)

		cw := e.member("demo.caseworker", staff.Caseworker)
		b := e.signIn(cw)
		e.choose(b, "caseworker/bokjiro/fraud-report")
		if text := e.page(b, "/staff/bokjiro/fraud-reports"); !strings.Contains(text, report.ID) || strings.Contains(text, "가상 사업장") {
			t.Fatalf("the filed reports: %q", text)
		}
		if text := e.page(b, "/staff/bokjiro/fraud-reports/"+report.ID); !strings.Contains(text, "가상 사업장") || !strings.Contains(text, "신고 내용") {
			t.Fatalf("the report: %q", text)
		}
		b.LookAt(t, "console-fraud")
		if e.resultNotices() != 0 {
			t.Fatal("a result notice before the result")
		}
		if st := b.Submit(t, `form[action$="/result"]`, map[string]string{"outcome": "investigated"}); st != 200 ||
			!strings.Contains(b.Text(t, "main"), "처리 완료") || !strings.Contains(b.Text(t, "main"), "조사 후 조치") ||
			b.Count(t, `form[action$="/result"]`) != 0 {
			t.Fatalf("recording the report's result: %d %q", st, b.Text(t, "main"))
		}
		if n := e.resultNotices(); n != 1 {
			t.Fatalf("the reporter's result notices: %d", n)
		}
		if text := e.page(b, "/staff/bokjiro/fraud-reports?state=concluded"); !strings.Contains(text, report.ID) || !strings.Contains(text, "조사 후 조치") {
			t.Fatalf("the concluded reports: %q", text)
		}
		if text := e.page(b, "/staff/bokjiro/fraud-reports"); strings.Contains(text, report.ID) {
			t.Fatalf("the filed reports after the result: %q", text)
		}
		b.LookAt(t, "console-frauds")

		e.choose(b, "caseworker/bokjiro/help-request")
		if text := e.page(b, "/staff/bokjiro/help-requests/"+help.ID); !strings.Contains(text, "방문 돌봄") {
			t.Fatalf("the help request: %q", text)
		}
		if st := b.Submit(t, `form[action$="/result"]`, map[string]string{"outcome": "counselled"}); st != 200 ||
			!strings.Contains(b.Text(t, "main"), "처리 완료") || !strings.Contains(b.Text(t, "main"), "counselled") {
			t.Fatalf("recording the help request's result: %d %q", st, b.Text(t, "main"))
		}
		if n := e.resultNotices(); n != 2 {
			t.Fatalf("the help request's result notices: %d", n)
		}
		b.LookAt(t, "console-help")
		b.Clean(t)

		// Refusals, each changing nothing.
		other, err := e.cases.ReportFraud(ctx, e.Subject(t, cases.Service), with(cases.ReportContent, "가상 신고 둘"), []string{"epeople", "clean-portal"})
		e.must(err)
		c := e.client(e.member("demo.caseworker2", staff.Caseworker))
		path := "/staff/bokjiro/fraud-reports/" + other.ID + "/result"
		if st, body := c.post(path, url.Values{"outcome": {"investigated"}}); st != 403 || strings.Contains(body, "가상 신고 둘") {
			t.Fatalf("a result without the purpose: %d", st)
		}
		c.post("/staff/work", url.Values{"work": {"caseworker/bokjiro/help-request"}})
		if st, _ := c.post(path, url.Values{"outcome": {"investigated"}}); st != 403 {
			t.Fatalf("a result while working for help requests: %d", st)
		}
		c.post("/staff/work", url.Values{"work": {"caseworker/bokjiro/fraud-report"}})
		if st, _ := c.post(path, url.Values{"outcome": {"가상 자유 문장"}}); st != 400 {
			t.Fatalf("a malformed result: %d", st)
		}
		if st, _ := c.post("/staff/bokjiro/fraud-reports/"+report.ID+"/result", url.Values{"outcome": {"unfounded"}}); st != 409 {
			t.Fatalf("a second result: %d", st)
		}
		if st, body := c.get("/staff/bokjiro/fraud-reports"); st != 200 || !strings.Contains(body, other.ID) {
			t.Fatalf("the refused report is no longer filed: %d", st)
		}
		if e.resultNotices() != 2 {
			t.Fatal("a refused result wrote a notice")
		}
	})
}
