package pages

import (
	"context"
	"strings"
	"testing"
	"time"

	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web/browsertest"
	"jikimi/welfare/cases"
)

// reportValues fills every item the form shows: the items every version
// declares by their shape, and free text (what help is needed, what is
// reported) for any other.
func reportValues(t *testing.T, b *browsertest.Browser, mobile string) map[string]string {
	t.Helper()
	known := map[string]string{"item_name": "김가상", "item_address": "가상시 가상로 4", "item_mobile": mobile,
		"item_landline": "02-0000-0401", "item_email": "report@example.invalid"}
	out := map[string]string{}
	for _, name := range strings.Split(js(t, b, `[...document.querySelectorAll("#report-form [name^=item_]")].map(e => e.name).join(",")`), ",") {
		if v, ok := known[name]; ok {
			out[name] = v
		} else {
			out[name] = reportContent
		}
	}
	return out
}

const reportContent = "가상 내용: 장보기를 도와줄 사람이 필요합니다"

// contentVersion is a day under 복지로's version whose help requests and
// fraud reports carry what they are about.
var contentVersion = time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)

var caseworker = vault.Actor{Kind: vault.Staff, ID: "stf_cw_test", Role: cases.CaseworkerRole, Source: "127.0.0.1"}

// Help requests and fraud reports in a real browser, on SQLite and
// PostgreSQL, under the policy version whose purposes declare what they
// are about. A member files a help request with every item the policy
// declares, what help is needed among them (an incomplete one is refused
// and nothing is filed), sees it received with its content; the caseworker
// completes it, the result notice reaches the member's phone, and the page
// shows the result. A fraud report without consent to its provisions is
// refused and nothing is filed; with them it is filed, forwarded to each
// recipient, listed with what was reported and where it went; concluded
// by the caseworker, the reporter is told and sees the result. A second
// member sees none of it.
func TestReportsInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServerWith(t, open, vaulttest.Config{Start: contentVersion})
		db := dbName(t)
		b := joined(t, s, "demo_help", "김가상", "010-0000-0401")
		shot := func(name string) { b.LookAt(t, "bokjiro-"+name+"-"+db) } // b changes: each part has a browser of its own

		b.Open(t, s.url+"/bokjiro/help")
		if b.Count(t, "#report-form textarea#item_help_content") != 1 {
			t.Fatalf("the form does not ask what help is needed: %q", b.Text(t, "#report-form"))
		}
		shot("help")
		if st := b.Submit(t, "#report-form", map[string]string{"item_name": "김가상"}); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "모든 항목") {
			t.Fatalf("an incomplete help request: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#mine tbody tr") != 0 {
			t.Fatal("an incomplete help request was filed")
		}
		if st := b.Submit(t, "#report-form", reportValues(t, b, "010-0000-0401")); st != 200 || !strings.Contains(b.Text(t, ".notice"), "접수했습니다") {
			t.Fatalf("help request: %d %q", st, b.Text(t, "main"))
		}
		if got := b.Text(t, "#mine tbody tr"); !strings.Contains(got, "접수") || !strings.Contains(got, "처리 중") || !strings.Contains(got, reportContent) {
			t.Fatalf("the help request: %q", got)
		}
		waiting, err := s.cases.OpenHelpRequests(context.Background(), caseworker)
		if err != nil || len(waiting) != 1 {
			t.Fatalf("open help requests: %v %v", waiting, err)
		}
		if _, err := s.cases.CompleteHelp(context.Background(), caseworker, waiting[0].ID, "counselled"); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, s.jobs)
		sent := s.sms.To(notify.SMS, "01000000401")
		if len(sent) != 1 || !strings.Contains(sent[0].Body, "도움신청이 처리되었습니다") {
			t.Fatalf("the result notice: %+v", sent)
		}
		b = signedIn(t, s, "demo_help")
		b.Open(t, s.url+"/bokjiro/help")
		if got := b.Text(t, "#mine tbody tr"); !strings.Contains(got, "처리 완료") || !strings.Contains(got, "상담 완료") {
			t.Fatalf("the result: %q", got)
		}
		shot("help-done")

		// A fraud report.
		b = signedIn(t, s, "demo_help")
		b.Open(t, s.url+"/bokjiro/fraud")
		if b.Count(t, `#report-form input[name="consent"]`) != 2 {
			t.Fatalf("the recipients consented to: %q", b.Text(t, "#report-form"))
		}
		report := reportValues(t, b, "010-0000-0401")
		if st := b.Submit(t, "#report-form", report); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "동의") {
			t.Fatalf("a report without consent: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#mine tbody tr") != 0 {
			t.Fatal("a report without consent was filed")
		}
		report["consent"] = "on"
		if st := b.Submit(t, "#report-form", report); st != 200 || !strings.Contains(b.Text(t, ".notice"), "접수했습니다") {
			t.Fatalf("fraud report: %d %q", st, b.Text(t, "main"))
		}
		jobstest.Drain(t, s.jobs)
		b.Open(t, s.url+"/bokjiro/fraud")
		if got := b.Text(t, "#mine tbody .filed-with"); !strings.Contains(got, "접수번호") || strings.Count(got, "접수번호") != 2 {
			t.Fatalf("where the report went: %q", b.Text(t, "#mine"))
		}
		if !strings.Contains(b.Text(t, "#mine tbody .content"), reportContent) {
			t.Fatalf("what was reported: %q", b.Text(t, "#mine"))
		}
		shot("fraud")
		mine, err := s.cases.FiledFraudReports(context.Background(), caseworker)
		if err != nil || len(mine) != 1 {
			t.Fatalf("the filed reports: %v %v", mine, err)
		}
		if _, err := s.cases.ConcludeFraud(context.Background(), caseworker, mine[0].ID, "investigated"); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, s.jobs)
		if sent := s.sms.To(notify.SMS, "01000000401"); len(sent) != 2 || !strings.Contains(sent[1].Body, "부정수급 신고의 처리 결과") {
			t.Fatalf("the report's result notice: %+v", sent)
		}
		b = signedIn(t, s, "demo_help")
		b.Open(t, s.url+"/bokjiro/fraud")
		if got := b.Text(t, "#mine tbody tr"); !strings.Contains(got, "처리 완료") || !strings.Contains(got, "조사 완료") {
			t.Fatalf("the report's result: %q", got)
		}

		// A second member sees none of it.
		o := joined(t, s, "demo_help2", "이가상", "010-0000-0402")
		for _, page := range []string{"/bokjiro/help", "/bokjiro/fraud"} {
			o.Open(t, s.url+page)
			if o.Count(t, "#mine tbody tr") != 0 {
				t.Fatalf("%s shows another member's cases: %q", page, o.Text(t, "#mine"))
			}
		}
	})
}
