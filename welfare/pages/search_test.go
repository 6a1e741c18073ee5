package pages

import (
	"context"
	"maps"
	"strings"
	"testing"

	"jikimi/vault/vaulttest"
	"jikimi/web/browsertest"
)

// joined is a new adult member who joined through the sign-up page, in a
// browser of their own, signed in.
func joined(t *testing.T, s *server, login, name, mobile string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t)
	b.Open(t, s.url+"/bokjiro/join")
	f := map[string]string{"name": name, "user_id": login, "password": "가상-Passw0rd!", "email": login + "@example.invalid", "mobile": mobile, "consent": "yes"}
	if st := b.Submit(t, "#join-form", f); st != 200 || b.Path(t) != "/bokjiro/home" {
		t.Fatalf("joining as %s: %d %s %q", login, st, b.Path(t), b.Text(t, "main"))
	}
	return b
}

// merged is base with changes over it.
func merged(base, changes map[string]string) map[string]string {
	out := maps.Clone(base)
	maps.Copy(out, changes)
	return out
}

// signedIn is a member signed in through the sign-in page in a new browser.
func signedIn(t *testing.T, s *server, login string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t)
	b.SignIn(t, s.url+"/bokjiro/login", map[string]string{"login": login, "password": "가상-Passw0rd!"})
	return b
}

// dbName names the driver of a vaulttest.Drivers subtest, for screenshots.
func dbName(t *testing.T) string {
	if strings.Contains(t.Name(), "postgres") {
		return "postgres"
	}
	return "sqlite"
}

// immediateDestructions counts the destruction records of searches
// destroyed as soon as they were answered.
func (s *server) immediateDestructions(t *testing.T, purpose string) int {
	t.Helper()
	var n int
	err := s.env.SQL().Reader().QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM retention_destructions WHERE purpose = ? AND method = 'not_stored'`, purpose).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// 복지서비스 찾기 · 모의계산 in a real browser, on SQLite and PostgreSQL. A
// member answers the questions: figures that are not numbers, out of range,
// or a keeping period without its consent are refused on the page, and
// nothing is kept or recorded. Answered without keeping, the page shows the
// mock calculation and the catalogue's services, and the gate records the
// search's destruction at once; kept 3 months with consent, the search is
// listed with its date and keeping limit. A second member sees none of it.
// Withdrawing the consent destroys the kept searches.
func TestSearchInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		b := joined(t, s, "demo_search", "김가상", "010-0000-0201")
		shot := func(name string) { b.LookAt(t, "bokjiro-"+name+"-"+db) } // b changes: each part has a browser of its own
		b.Open(t, s.url+"/bokjiro/search")
		if !strings.Contains(b.Text(t, "#kept"), "없습니다") {
			t.Fatalf("a new member has kept searches: %q", b.Text(t, "#kept"))
		}
		shot("search")

		answers := map[string]string{"name": "김가상", "rrn": "900101-1000011", "address": "가상시 가상로 1", "email": "search@example.invalid",
			"household_size": "1", "income": "300000", "health_premium": "20000", "property": "0", "debt": "0", "car_value": "0"}
		with := func(changes map[string]string) map[string]string { return merged(answers, changes) }
		before := s.immediateDestructions(t, "welfare-search")
		b = signedIn(t, s, "demo_search") // each part in a browser of its own: one browser's session is bounded in time
		for _, bad := range []struct {
			fields map[string]string
			alert  string
		}{
			{with(map[string]string{"income": "삼십만"}), "숫자로"},
			{with(map[string]string{"household_size": "0"}), "가구원 수"},
			{with(map[string]string{"debt": "-5"}), "부채"},
			{with(map[string]string{"rrn": "12345"}), "주민등록번호"},
			{with(map[string]string{"keep": "3m"}), "동의"},
		} {
			b.Open(t, s.url+"/bokjiro/search")
			if st := b.Submit(t, "#search-form", bad.fields); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), bad.alert) {
				t.Fatalf("%v: %d %q", bad.fields, st, b.Text(t, "main"))
			}
			if b.Count(t, "#result") != 0 || b.Count(t, "#kept tbody tr") != 0 {
				t.Fatalf("%v: answered or kept", bad.fields)
			}
			if b.Count(t, `#q_rrn[value="900101-1000011"]`) != 0 {
				t.Fatal("the page shows the resident registration number back")
			}
		}
		if n := s.immediateDestructions(t, "welfare-search"); n != before {
			t.Fatalf("refused searches recorded %d destructions", n-before)
		}

		// Answered, not kept: destroyed at once, with its record.
		b = signedIn(t, s, "demo_search")
		b.Open(t, s.url+"/bokjiro/search")
		if st := b.Submit(t, "#search-form", answers); st != 200 {
			t.Fatalf("search: %d %q", st, b.Text(t, "main"))
		}
		if got := b.Text(t, "#calculation"); !strings.Contains(got, "소득인정액") || !strings.Contains(got, "300,000원") {
			t.Fatalf("the calculation: %q", got)
		}
		if !strings.Contains(b.Text(t, "#benefits"), "생계급여") {
			t.Fatalf("a one-person household on 300,000원 is not offered 생계급여: %q", b.Text(t, "#benefits"))
		}
		if b.Count(t, "#services tbody tr") == 0 || !strings.Contains(b.Text(t, "#services"), "저소득") {
			t.Fatalf("no catalogue services for a low-income adult: %q", b.Text(t, "#result"))
		}
		if !strings.Contains(b.Text(t, "#kept-status"), "즉시 파기") || b.Count(t, "#kept tbody tr") != 0 {
			t.Fatalf("a search without consent is kept: %q", b.Text(t, "#kept-status"))
		}
		if n := s.immediateDestructions(t, "welfare-search"); n != before+1 {
			t.Fatalf("destruction records of the search: %d, want 1", n-before)
		}
		shot("search-result")

		// Kept 3 months with consent, and listed.
		b = signedIn(t, s, "demo_search")
		b.Open(t, s.url+"/bokjiro/search")
		if st := b.Submit(t, "#search-form", with(map[string]string{"keep": "3m", "keep_consent": "yes", "income": "2500000"})); st != 200 {
			t.Fatalf("search kept: %d %q", st, b.Text(t, "main"))
		}
		if !strings.Contains(b.Text(t, "#kept-status"), "까지 보관") {
			t.Fatalf("the kept search: %q", b.Text(t, "#kept-status"))
		}
		b.Open(t, s.url+"/bokjiro/search")
		row := b.Text(t, "#kept tbody tr")
		if b.Count(t, "#kept tbody tr") != 1 || !strings.Contains(row, "김가상") || !strings.Contains(row, "2,500,000원") || !strings.Contains(row, "900101-1******") {
			t.Fatalf("the kept searches: %q", b.Text(t, "#kept"))
		}
		if strings.Contains(row, "1000011") {
			t.Fatal("the kept search shows the whole resident registration number")
		}
		if n := s.immediateDestructions(t, "welfare-search"); n != before+1 {
			t.Fatalf("a kept search was recorded as destroyed")
		}
		shot("search-kept")

		// A second member sees none of it.
		o := joined(t, s, "demo_search2", "이가상", "010-0000-0202")
		o.Open(t, s.url+"/bokjiro/search")
		if o.Count(t, "#kept tbody tr") != 0 || strings.Contains(o.Text(t, "main"), "김가상") {
			t.Fatalf("another member's kept searches: %q", o.Text(t, "#kept"))
		}

		// Withdrawing the consent destroys them.
		if st := b.Submit(t, "#forget-form", nil); st != 200 || !strings.Contains(b.Text(t, ".notice"), "파기") {
			t.Fatalf("forgetting: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#kept tbody tr") != 0 {
			t.Fatalf("after forgetting: %q", b.Text(t, "#kept"))
		}
	})
}
