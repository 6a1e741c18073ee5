package rights

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/password"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/members"
	"jikimi/welfare/members/memberstest"
)

// twoVersions is a fixture of both services with a second declared
// version in force from 2026-06-01: 손목닥터 9988 adds a sensitive item to
// health-service, 복지로 an item to membership — changes policy diff says
// need consent again.
func twoVersions(t testing.TB) *policy.Registry {
	t.Helper()
	dir := t.TempDir()
	for service, change := range map[string][2]string{
		"seoul-healthcare": {"      - {id: hdl, name: 고밀도지단백콜레스테롤(HDL), class: sensitive, required: true}\n",
			"      - {id: body_temperature, name: 체온, class: sensitive, required: true}\n"},
		"bokjiro": {"      - {id: mobile, name: 휴대전화 번호, class: general, required: true}\n",
			"      - {id: nickname, name: 별명, class: general, required: true}\n"},
	} {
		entries, err := policies.FS.ReadDir(service)
		if err != nil || len(entries) == 0 {
			t.Fatalf("%s: %v %v", service, entries, err)
		}
		entries = entries[:1] // the first version; later declared ones are not part of the fixture
		v1, err := policies.FS.ReadFile(service + "/" + entries[0].Name())
		if err != nil {
			t.Fatal(err)
		}
		version := strings.TrimSuffix(entries[0].Name(), ".yaml")
		if !strings.Contains(string(v1), change[0]) {
			t.Fatalf("%s: the fixture's anchor is gone", service)
		}
		v2 := strings.NewReplacer(`version: "`+version+`"`, `version: "2026-06-01"`, "effective: "+version, "effective: 2026-06-01").Replace(string(v1))
		v2 = strings.Replace(v2, change[0], change[0]+change[1], 1)
		os.MkdirAll(filepath.Join(dir, service), 0o755)
		for name, text := range map[string]string{version: string(v1), "2026-06-01": v2} {
			if err := os.WriteFile(filepath.Join(dir, service, name+".yaml"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	reg, err := policy.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// A new version makes a participant's health-service consents
// insufficient: the gate refuses with consent_outdated; the daily run
// notifies them through the outbox, once; they see what changed, consent
// again, and the gate lets the processing through.
func TestPolicyChangeAsksConsentAgain(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{Policies: twoVersions(t)})
		s, out := newServiceOut(t, e)
		p := participant(t, e)
		other := e.Subject(t, "bokjiro", "purpose:membership")
		read := vault.Request{Actor: vault.Actor{Kind: vault.Staff, ID: "stf_op", Role: "health-operator", Source: "127.0.0.1"},
			Service: healthcare, Purpose: "health-service", Subject: p.ID, Items: []string{"steps"}, Action: vault.View}
		if _, err := e.Vault.List(ctx, read); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC))
		if _, err := e.Vault.List(ctx, read); err == nil {
			t.Fatal("the gate used a consent the new version makes insufficient")
		}
		if es := entriesAbout(t, e, p.ID); es[len(es)-1].Reason != vault.ReasonConsentOutdated {
			t.Fatalf("last entry = %+v", es[len(es)-1])
		}
		if _, err := s.Daily(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Daily(ctx); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, s.cfg.Jobs)
		var n int
		if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM rights_notices WHERE delivered_at IS NOT NULL`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("delivered %d notices (%v), want 2: the participant and the member, once each", n, err)
		}
		ns, err := s.Notices(ctx, p, healthcare)
		if err != nil || len(ns) != 1 || ns[0].Kind != NoticeReconsent || ns[0].Ref != "2026-06-01" {
			t.Fatalf("notices = %+v, %v", ns, err)
		}
		// The participant's enrolment consent still holds: the notice goes out by text too.
		if got := out.notify.To(notify.SMS, "01000000001"); len(got) != 1 || !strings.Contains(got[0].Body, "다시 동의가 필요한") {
			t.Fatalf("texts = %+v", got)
		}
		if ns, _ := s.Notices(ctx, other, "bokjiro"); len(ns) != 1 {
			t.Fatalf("the member's notices = %+v", ns)
		}
		need, err := s.Reconsents(ctx, p, healthcare)
		if err != nil || len(need) != 2 || need[0].Given == need[0].Current || len(need[0].Changes) == 0 || !strings.Contains(need[1].Text, "체온") {
			t.Fatalf("reconsents = %+v, %v", need, err)
		}
		_, err = s.Reconsent(ctx, p, healthcare, []string{"purpose:enrolment"})
		errstest.Want(t, err, errs.Invalid, "unknown_consent")
		left, err := s.Reconsent(ctx, p, healthcare, []string{"purpose:health-service"})
		if err != nil || len(left) != 1 || left[0].Scope != "sensitive:health-service" {
			t.Fatalf("after one = %+v, %v", left, err)
		}
		if _, err := e.Vault.List(ctx, read); err == nil {
			t.Fatal("the sensitive items were used without their new consent")
		}
		if left, err := s.Reconsent(ctx, p, healthcare, []string{"sensitive:health-service"}); err != nil || len(left) != 0 {
			t.Fatalf("after both = %+v, %v", left, err)
		}
		if _, err := e.Vault.List(ctx, read); err != nil {
			t.Fatalf("after consenting again: %v", err)
		}
	})
}

// The yearly usage notice sums the year before from the access log:
// purposes with their items, and the recipients; once a year.
func TestYearlyUsageNotice(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s, out := newServiceOut(t, e)
		p := participant(t, e)
		// A second person, used more in the year, with no mobile to text:
		// their usage is theirs, and is not in the first's notice.
		q := e.Subject(t, healthcare, healthConsents...)
		for range 3 {
			r := vault.Request{Actor: vault.Actor{Kind: vault.Device, ID: "dev_test2", Source: "127.0.0.1"}, Service: healthcare,
				Purpose: "health-service", Subject: q.ID, Action: vault.Input}
			if _, err := e.Vault.Put(ctx, r, "service", map[string]string{"heart_rate": "70"}); err != nil {
				t.Fatal(err)
			}
		}
		c := vault.Consent{Scope: "provision:korea-body-info", Channel: vault.ChannelWeb, Text: "테스트 동의"}
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: p, Service: healthcare, Subject: p.ID}, c); err != nil {
			t.Fatal(err)
		}
		partner := vault.Request{Actor: vault.Actor{Kind: vault.Partner, ID: "korea-body-info", Source: "127.0.0.1"}, Service: healthcare,
			Purpose: "enrolment", Subject: p.ID, Items: []string{"birth_date"}, Action: vault.View}
		if _, err := e.Vault.List(ctx, partner); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(time.Date(2027, 1, 1, 0, 30, 0, 0, Seoul))
		if _, err := s.Daily(ctx); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(24 * time.Hour)
		if _, err := s.Daily(ctx); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, s.cfg.Jobs)
		ns, err := s.Notices(ctx, p, healthcare)
		if err != nil || len(ns) != 1 || ns[0].Kind != NoticeUsage || ns[0].Ref != "2026" {
			t.Fatalf("notices = %+v, %v", ns, err)
		}
		if got := out.notify.To(notify.SMS, "01000000001"); len(got) != 1 || !strings.Contains(got[0].Body, "2026년 한 해 동안의 개인정보 이용·제공 내역") {
			t.Fatalf("texts = %+v", got)
		}
		body := string(ns[0].Body)
		defer func() { // the notice is dropped 2 years on
			e.Clock.Advance(NoticeRetention + time.Hour)
			if _, err := s.Daily(ctx); err != nil {
				t.Fatal(err)
			}
			if ns, _ := s.Notices(ctx, p, healthcare); len(ns) != 0 {
				t.Errorf("%d notices kept past 2 years", len(ns))
			}
		}()
		for _, a := range []vault.Actor{p, q} { // each counts their own allowed accesses of 2026, as the index finds them
			n := 0
			for _, en := range entriesAbout(t, e, a.ID) {
				if en.Outcome == audit.Allowed && en.Service == healthcare && en.Time.In(Seoul).Year() == 2026 {
					n++
				}
			}
			ns, err := s.Notices(ctx, a, healthcare)
			if err != nil || len(ns) != 1 || !strings.Contains(string(ns[0].Body), fmt.Sprintf(`"accesses":%d}`, n)) {
				t.Fatalf("%d notices (%v), want one of %d accesses", len(ns), err, n)
			}
		}
		if qs, _ := s.Notices(ctx, q, healthcare); strings.Contains(string(qs[0].Body), "korea-body-info") || strings.Contains(body, "heart_rate") {
			t.Fatalf("one person's usage in another's notice: %s / %s", body, qs[0].Body)
		}
		for _, want := range []string{`"year":2026`, `"health-service":["steps"]`, `"enrolment":["birth_date","mobile","name"]`, `"recipients":["korea-body-info"]`} {
			if !strings.Contains(body, want) {
				t.Fatalf("usage notice %s lacks %s", body, want)
			}
		}
	})
}

// A member whose membership consent a new version makes insufficient signs
// in (the sign-in is the one processing an outdated consent allows), is
// asked to consent again and does; until then every other processing of
// membership is refused consent_outdated, and a wrong password is still
// refused. On SQLite and PostgreSQL.
func TestSignInToConsentAgain(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{Policies: twoVersions(t)})
		s := newService(t, e)
		acc := citizen.New(citizen.Config{Vault: e.Vault, SQL: e.SQL(), Clock: e.Clock, Hasher: password.NewHasher(password.MinParams(), 2, rand.Reader)})
		m := memberstest.New(t, e, acc)
		const login, pw = "outdated_member", "가상-Passw0rd!"
		mem, err := m.Members.Join(ctx, "127.0.0.1", members.Application{Name: "정가상", UserID: login, Password: pw,
			Email: "outdated@example.invalid", Mobile: "010-0000-0611", ConsentText: "회원정보 수집·이용에 동의합니다 (가상)"})
		if err != nil {
			t.Fatal(err)
		}
		alerts := vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "alerts", Source: "127.0.0.1"}, Service: members.ServiceName,
			Purpose: members.PurposeMember, Subject: mem.Subject, Items: []string{"mobile"}, Action: vault.View}
		e.Clock.Set(time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC))

		_, err = acc.Login(ctx, members.ServiceName, members.PurposeMember, login, "wrong-Passw0rd!", "127.0.0.1")
		errstest.Want(t, err, errs.Forbidden, "bad_credentials")
		sess, err := acc.Login(ctx, members.ServiceName, members.PurposeMember, login, pw, "127.0.0.1")
		if err != nil || sess.Subject != mem.Subject {
			t.Fatalf("signing in under an outdated consent: %+v, %v", sess, err)
		}
		me := vault.Actor{Kind: vault.Subject, ID: sess.Subject, Source: "127.0.0.1"}
		mine := alerts
		mine.Actor, mine.Items = me, []string{"name"}
		for _, r := range []vault.Request{alerts, mine} {
			_, err := e.Vault.List(ctx, r)
			if err == nil {
				t.Fatalf("%s used membership under an outdated consent", r.Actor.Kind)
			}
			if es := entriesAbout(t, e, mem.Subject); es[len(es)-1].Reason != vault.ReasonConsentOutdated {
				t.Fatalf("%s: %v, last entry = %+v", r.Actor.Kind, err, es[len(es)-1])
			}
		}
		need, err := s.Reconsents(ctx, me, members.ServiceName)
		if err != nil || len(need) != 1 || need[0].Scope != "purpose:membership" || !strings.Contains(need[0].Text, "별명") {
			t.Fatalf("reconsents = %+v, %v", need, err)
		}
		if left, err := s.Reconsent(ctx, me, members.ServiceName, []string{"purpose:membership"}); err != nil || len(left) != 0 {
			t.Fatalf("after consenting again = %+v, %v", left, err)
		}
		for _, r := range []vault.Request{alerts, mine} {
			if recs, err := e.Vault.List(ctx, r); err != nil || len(recs) == 0 {
				t.Fatalf("%s after consenting again: %d records, %v", r.Actor.Kind, len(recs), err)
			}
		}
	})
}
