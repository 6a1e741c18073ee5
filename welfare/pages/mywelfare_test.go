package pages

import (
	"context"
	"strings"
	"testing"

	"jikimi/partners/insurance"
	"jikimi/vault/vaulttest"
)

// 나의 복지서비스 in a real browser, on SQLite and PostgreSQL. A member
// verifies who they are and sees their own records of the four
// social-insurance systems, which are destroyed at once (a destruction
// record, nothing kept). A verification of another person, or the
// member's own verification with another person's number, is a Korean
// error page (403) showing none of that person's records; a second member
// cannot look up the first with the first's details either.
func TestMyWelfareInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		b := joined(t, s, "demo_mine", "김가상", "010-0000-0301")
		shot := func(name string) { b.LookAt(t, "bokjiro-"+name+"-"+db) } // b changes
		const mine, theirs = "9001011000011", "8505052000014"
		records := func(rrn string) map[insurance.System]map[string]string {
			out := map[insurance.System]map[string]string{}
			for sys, l := range s.ins {
				got, err := l.Lookup(context.Background(), rrn)
				if err != nil {
					t.Fatal(err)
				}
				out[sys] = got
			}
			return out
		}
		own, other := records(mine), records(theirs)
		me := map[string]string{"name": "김가상", "birth_date": "1990-01-01", "sex": "M", "mobile": "010-0000-0301", "rrn": "900101-1000011"}
		someone := map[string]string{"name": "박가상", "birth_date": "1985-05-05", "sex": "F", "mobile": "010-0000-0399", "rrn": "850505-2000014"}
		before := s.immediateDestructions(t, "my-welfare")

		b.Open(t, s.url+"/bokjiro/my-welfare")
		shot("my-welfare")
		// Left incomplete (the browser's own check taken away): the form again.
		b.Evaluate(t, `document.querySelectorAll("#mywelfare-form [required]").forEach(e => e.removeAttribute("required"))`)
		if st := b.Submit(t, "#mywelfare-form", merged(me, map[string]string{"rrn": ""})); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "주민등록번호") {
			t.Fatalf("without the number: %d %q", st, b.Text(t, "main"))
		}
		// Someone else's identity, someone else's number: the error page.
		b = signedIn(t, s, "demo_mine") // each part in a browser of its own: one browser's session is bounded in time
		for name, f := range map[string]map[string]string{
			"another person verified":       someone,
			"my verification, their number": merged(me, map[string]string{"rrn": "850505-2000014"}),
		} {
			b.Open(t, s.url+"/bokjiro/my-welfare")
			if st := b.Submit(t, "#mywelfare-form", f); st != 403 {
				t.Fatalf("%s: %d %q", name, st, b.Text(t, "main"))
			}
			if page := b.Text(t, "main"); !strings.Contains(page, "이용할 수 없습니다") || !strings.Contains(page, "일치하지 않습니다") ||
				strings.Contains(page, other[insurance.Employment]["ei_employer"]) || b.Count(t, "#records") != 0 {
				t.Fatalf("%s: %q", name, page)
			}
		}
		if n := s.immediateDestructions(t, "my-welfare"); n != before {
			t.Fatalf("refused look-ups recorded %d destructions", n-before)
		}
		shot("my-welfare-refused")

		// The member's own records.
		b = signedIn(t, s, "demo_mine")
		b.Open(t, s.url+"/bokjiro/my-welfare")
		if st := b.Submit(t, "#mywelfare-form", me); st != 200 {
			t.Fatalf("own look-up: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#records table") != len(insurance.Systems) {
			t.Fatalf("systems shown: %q", b.Text(t, "#records"))
		}
		shown := b.Text(t, "#records")
		for _, want := range []string{own[insurance.Pension]["pension_months"], own[insurance.Health]["nhi_details"], own[insurance.Employment]["ei_employer"],
			"국민연금", "산재보험", "납부한 국민연금 개월수"} {
			if !strings.Contains(shown, want) {
				t.Fatalf("the records lack %q: %q", want, shown)
			}
		}
		if strings.Contains(shown, other[insurance.Health]["nhi_details"]) {
			t.Fatal("another person's record is shown")
		}
		if n := s.immediateDestructions(t, "my-welfare"); n != before+1 {
			t.Fatalf("destruction records of the look-up: %d, want 1", n-before)
		}
		shot("my-welfare-records")

		// A second member with the first member's details.
		o := joined(t, s, "demo_mine2", "이가상", "010-0000-0302")
		o.Open(t, s.url+"/bokjiro/my-welfare")
		if st := o.Submit(t, "#mywelfare-form", me); st != 403 || strings.Contains(o.Text(t, "main"), own[insurance.Employment]["ei_employer"]) {
			t.Fatalf("a second member looks up the first: %d %q", st, o.Text(t, "main"))
		}
	})
}
