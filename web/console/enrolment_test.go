package console

import (
	"strings"
	"testing"
	"time"

	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The health operator sees the enrolment and watch-delivery status as
// counts, with no purpose chosen and no read of anyone's data: three
// participants enrolled on 2026-03-02 (two gave a delivery address), one
// more the next day, when one of the first links the watch, whose address
// is then destroyed. The chart and its table count them per day. A
// counsellor cannot open the screen.
func TestEnrolmentStatusInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		const svc = "seoul-healthcare"
		enrol := func(address string) vault.Actor {
			p := e.Subject(t, svc, "purpose:enrolment", "purpose:watch-delivery")
			_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: svc, Purpose: "enrolment", Subject: p.ID, Action: vault.Input},
				"enrolment", map[string]string{"name": "김가상", "birth_date": "1960-01-01", "sex": "F", "residence": "서울특별시 종로구"})
			e.must(err)
			if address != "" {
				_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: svc, Purpose: "watch-delivery", Subject: p.ID, Action: vault.Input},
					"delivery", map[string]string{"delivery_address": address, "delivery_contact": "010-0000-0009"})
				e.must(err)
			}
			return p
		}
		linking := enrol("서울특별시 가상구 가상로 0001")
		people := []vault.Actor{linking, enrol("서울특별시 가상구 가상로 0002"), enrol("")}
		e.Clock.Advance(24 * time.Hour)
		people = append(people, enrol(""))
		_, _, err := e.devices.Link(ctx, linking.ID, "127.0.0.1")
		e.must(err)

		op := e.member("demo.operator", staff.HealthOperator)
		b := e.signIn(op)
		before, err := e.Log.Last(ctx)
		e.must(err)
		e.page(b, "/staff/work")
		if b.Count(t, `nav a[href="/staff/healthcare/enrolment"]`) == 0 {
			t.Fatal("the menu lacks the enrolment status")
		}
		text := e.page(b, "/staff/healthcare/enrolment")
		for _, want := range []string{"참여 중 4명", "배송지 접수 · 연동 전 1명", "워치 연동 1명"} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
				t.Fatalf("the status lacks %q: %q", want, text)
			}
		}
		for _, p := range people {
			if strings.Contains(text, p.ID) || strings.Contains(text, "가상로") {
				t.Fatalf("the status shows a participant: %q", text)
			}
		}
		rows := b.Text(t, "main figure table tbody")
		if !strings.Contains(rows, "2026-03-02\t3\t0\t3") || !strings.Contains(rows, "2026-03-03\t1\t1\t2") || strings.Count(rows, "\n") != 1 {
			t.Fatalf("the table: %q", rows)
		}
		if svg := b.Text(t, "main figure"); !strings.Contains(svg, "일별 신규 참여와 워치 연동") {
			t.Fatalf("the figure: %q", svg)
		}
		if b.Count(t, `main figure svg.chart title`) != 3 {
			t.Fatalf("the chart's parts: %d, want 3 (two days' enrolments, one link)", b.Count(t, `main figure svg.chart title`))
		}
		b.LookAt(t, "console-enrolment")
		after, err := e.Log.Last(ctx)
		if err != nil || after.Seq != before.Seq {
			t.Fatalf("the status read personal data: %+v (before %+v)", after, before)
		}
		c := e.client(e.member("demo.counsellor", staff.Counsellor))
		if st, body := c.get("/staff/healthcare/enrolment"); st != 403 || strings.Contains(body, "참여 중") {
			t.Fatalf("a counsellor opening the status: %d", st)
		}
	})
}
