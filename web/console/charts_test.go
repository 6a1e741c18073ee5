package console

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The privacy officer's charts count what happened, in the SVG and in the
// table beside it: two 복지로 records destroyed under their rule in March;
// an access request in each of two weeks, one answered after three days;
// three reads by a counsellor for the health service on one quiet day.
func TestChartsShowKnownCounts(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		officer := e.member("demo.officer", staff.PrivacyOfficer)
		officerActor := vault.Actor{Kind: vault.Staff, ID: officer.Account.ID, Role: string(staff.PrivacyOfficer), Source: "127.0.0.1"}
		system := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}

		// 2026-03-02 (Monday): two records destroyed once the officer approves.
		subject := e.Subject(t, "bokjiro")
		_, err := e.Vault.PutMany(ctx, vault.Request{Actor: system, Service: "bokjiro", Purpose: "my-welfare", Subject: subject.ID, Action: vault.Input},
			"my-welfare", []map[string]string{{"pension_paid": "가상-연금"}, {"pension_paid": "가상-연금"}})
		e.must(err)
		e.Clock.Advance(time.Hour)
		res, err := e.runner.Run(ctx, e.Clock.Now())
		if err != nil || len(res.Awaiting) != 1 {
			t.Fatalf("run = %+v, %v", res, err)
		}
		_, err = e.runner.Approve(ctx, res.Awaiting[0].ID, officer.Account.ID)
		e.must(err)
		e.Clock.Advance(24 * time.Hour)
		_, err = e.runner.Run(ctx, e.Clock.Now())
		e.must(err)

		// 2026-03-03: an access request; 03-05: three reads by a counsellor; 03-06: the answer.
		first := e.Subject(t, "seoul-healthcare", "purpose:enrolment", "purpose:health-service", "sensitive:health-service")
		asked, err := e.rights.File(ctx, first, rights.Filing{Service: "seoul-healthcare", Subject: first.ID, Kind: string(rights.Access)})
		e.must(err)
		e.Clock.Advance(48 * time.Hour)
		counsellor := vault.Actor{Kind: vault.Staff, ID: "stf_chart", Role: string(staff.Counsellor), Source: "127.0.0.1"}
		for range 3 {
			_, err := e.Vault.List(ctx, vault.Request{Actor: counsellor, Service: "seoul-healthcare", Purpose: "health-service", Subject: first.ID, Action: vault.View})
			if err != nil && !strings.Contains(err.Error(), "not found") {
				t.Fatal(err)
			}
		}
		e.Clock.Advance(24 * time.Hour)
		_, err = e.rights.Answer(ctx, officerActor, asked.ID, rights.Outcome{})
		e.must(err)
		// 2026-03-10 (the next Tuesday): a second access request.
		e.Clock.Advance(4 * 24 * time.Hour)
		second := e.Subject(t, "seoul-healthcare", "purpose:enrolment")
		_, err = e.rights.File(ctx, second, rights.Filing{Service: "seoul-healthcare", Subject: second.ID, Kind: string(rights.Access)})
		e.must(err)

		b := e.signIn(officer)
		// parts are the texts of the fig-th chart's SVG: each part's title
		// ("column series: count") and the labels.
		parts := func(fig int) string {
			t.Helper()
			got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](
				`[...document.querySelectorAll("main figure")[`+strconv.Itoa(fig)+`].querySelectorAll("svg.chart title, svg.chart text")].map(e => e.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(got, " | ")
		}
		// cell is a cell of the fig-th chart's table, by its row's and its column's heading.
		cell := func(fig int, row, col string) string {
			t.Helper()
			rows, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll("main figure")[`+strconv.Itoa(fig)+
				`].querySelector("table").rows].map(r => [...r.cells].map(c => c.textContent.trim()))`))
			if err != nil || len(rows) == 0 {
				t.Fatalf("the table of chart %d: %v", fig, err)
			}
			if c := slices.Index(rows[0], col); c >= 0 {
				for _, r := range rows[1:] {
					if r[0] == row && c < len(r) {
						return r[c]
					}
				}
			}
			t.Fatalf("chart %d's table has no %s × %s: %q", fig, row, col, rows)
			return ""
		}

		e.page(b, "/staff/officer/rights")
		if svg := parts(0); !strings.Contains(svg, "2026-03-02 주 열람: 1") || !strings.Contains(svg, "2026-03-09 주 열람: 1") {
			t.Fatalf("the weekly chart's SVG: %s", svg)
		}
		for _, week := range []string{"2026-03-02 주", "2026-03-09 주"} {
			if cell(0, week, "열람") != "1" || cell(0, week, "합계") != "1" || cell(0, week, "삭제") != "0" {
				t.Fatalf("the weekly table's %s", week)
			}
		}
		if svg := parts(1); !strings.Contains(svg, "3.0일 (1건)") {
			t.Fatalf("the answer chart's SVG: %s", svg)
		}
		if got := cell(1, "열람", "값"); got != "3.0일 (1건)" {
			t.Fatalf("the answer table: %q", got)
		}
		b.LookAt(t, "console-rights-charts")

		e.page(b, "/staff/officer/destructions")
		if svg := parts(0); !strings.Contains(svg, "2026-03 복지로 my-welfare: 2") {
			t.Fatalf("the destruction chart's SVG: %s", svg)
		}
		if cell(0, "2026-03", "복지로 my-welfare") != "2" || cell(0, "2026-03", "합계") != "2" {
			t.Fatal("the destruction table")
		}
		b.LookAt(t, "console-destructions-charts")

		e.page(b, "/staff/officer/inspection")
		for fig, series := range []string{"seoul-healthcare/health-service", "counsellor"} { // per purpose, per role
			if svg := parts(fig); !strings.Contains(svg, "2026-03-05 "+series+": 3") {
				t.Fatalf("the accesses' chart %d: %s", fig, svg)
			}
			if cell(fig, "2026-03-05", series) != "3" || cell(fig, "2026-03-05", "합계") != "3" {
				t.Fatalf("the accesses' table %d", fig)
			}
		}
		b.LookAt(t, "console-inspection-charts")
	})
}
