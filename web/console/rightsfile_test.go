package console

import (
	"net/url"
	"strings"
	"testing"

	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The officer records a deletion request received on paper (as `jikimi
// rights file`): it joins the queue with its deadline, and the person sees
// it among their requests. A correction that names no item, or an unknown
// person, is refused with the reason; those, a cross-site form and a
// caseworker's post record nothing for a second person.
func TestOfficerFilesPaperRequestInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		kim := e.Subject(t, "seoul-healthcare", "purpose:enrolment")
		lee := e.Subject(t, "seoul-healthcare", "purpose:enrolment")
		b := e.signIn(e.member("demo.officer", staff.PrivacyOfficer))
		if e.page(b, "/staff/officer/rights"); b.Count(t, `main a[href="/staff/officer/rights/new"]`) != 1 {
			t.Fatal("the queue does not lead to filing a request")
		}
		e.page(b, "/staff/officer/rights/new")
		form := `form[action="/staff/officer/rights"]`
		paper := map[string]string{"service": "seoul-healthcare", "subject": kim.ID, "kind": "deletion", "channel": "paper", "as": "subject"}
		if st := b.Submit(t, form, paper); st != 200 || !strings.Contains(b.Text(t, "main"), "접수했습니다") {
			t.Fatalf("filing: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-rights-filed")
		mine, err := e.rights.Mine(ctx, kim, "seoul-healthcare")
		if err != nil || len(mine) != 1 || mine[0].Kind != rights.Deletion || mine[0].Channel != rights.Paper ||
			!strings.Contains(b.Text(t, "main"), mine[0].DueAt.In(seoul).Format("2006-01-02")) || !strings.Contains(b.Text(t, "tbody"), mine[0].ID) {
			t.Fatalf("the person's requests after filing: %+v, %v; the queue %q", mine, err, b.Text(t, "main"))
		}
		for _, bad := range []map[string]string{
			{"subject": lee.ID, "kind": "correction"},            // a correction names its items
			{"subject": "sub_nosuchperson0000000000000"},         // nobody
			{"subject": lee.ID, "as": "proxy", "kind": "access"}, // a proxy without a power of attorney
		} {
			fields := map[string]string{"service": "seoul-healthcare", "kind": "deletion", "channel": "fax", "as": "subject"}
			for k, v := range bad {
				fields[k] = v
			}
			e.page(b, "/staff/officer/rights/new")
			if st := b.Submit(t, form, fields); st != 400 || b.Count(t, ".alert") != 1 {
				t.Fatalf("filing %v: %d %q", bad, st, b.Text(t, "main"))
			}
		}
		b.LookAt(t, "console-rights-file")
		e.crossSite(b, "/staff/officer/rights", map[string]string{"service": "seoul-healthcare", "subject": lee.ID, "kind": "deletion", "channel": "paper", "as": "subject"})
		cw := e.client(e.member("demo.caseworker", staff.Caseworker))
		if st, _ := cw.post("/staff/officer/rights", url.Values{"service": {"seoul-healthcare"}, "subject": {lee.ID}, "kind": {"deletion"}, "channel": {"paper"}}); st != 403 {
			t.Fatalf("a caseworker filing: %d", st)
		}
		if mine, err := e.rights.Mine(ctx, lee, "seoul-healthcare"); err != nil || len(mine) != 0 {
			t.Fatalf("the second person's requests after the refusals: %+v, %v", mine, err)
		}
	})
}

// The officer lifts, from the request's page, the suspension an answered
// suspension request placed (as `jikimi rights lift`): the operator reads
// that participant's delivery data again, while a second participant's
// suspension stays, through a cross-site form too; lifting again says
// there is nothing to lift.
func TestOfficerLiftsSuspensionInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		officer := e.member("demo.officer", staff.PrivacyOfficer)
		oa := vault.Actor{Kind: vault.Staff, ID: officer.Account.ID, Role: string(staff.PrivacyOfficer), Source: "127.0.0.1"}
		var reqs []*rights.Request
		var who []string
		for _, addr := range []string{"서울특별시 가상구 첫째로 0000", "서울특별시 가상구 둘째로 0000"} {
			p := e.delivery(addr)
			rq, err := e.rights.File(ctx, p, rights.Filing{Service: "seoul-healthcare", Subject: p.ID, Kind: string(rights.Suspension), Purposes: []string{"watch-delivery"}})
			e.must(err)
			_, err = e.rights.Answer(ctx, oa, rq.ID, rights.Outcome{})
			e.must(err)
			reqs, who = append(reqs, rq), append(who, p.ID)
		}
		shipping := func() []string {
			list, _, err := e.devices.ShippingList(ctx, vault.Actor{Kind: vault.Staff, ID: "stf_test", Role: "health-operator", Source: "127.0.0.1"}, "", 10)
			e.must(err)
			var out []string
			for _, s := range list {
				out = append(out, s.Subject)
			}
			return out
		}
		if got := shipping(); len(got) != 0 {
			t.Fatalf("the shipping list while both are suspended: %v", got)
		}
		b := e.signIn(officer)
		e.crossSite(b, "/staff/officer/rights/"+reqs[1].ID+"/lift", nil)
		e.page(b, "/staff/officer/rights/"+reqs[0].ID)
		form := `form[action$="/lift"]`
		if st := b.Submit(t, form, nil); st != 200 || !strings.Contains(b.Text(t, "main"), "처리정지를 풀었습니다") {
			t.Fatalf("lifting: %d %q", st, b.Text(t, "main"))
		}
		if got := shipping(); len(got) != 1 || got[0] != who[0] {
			t.Fatalf("the shipping list after lifting the first: %v, want only %s", got, who[0])
		}
		if st := b.Submit(t, form, nil); st != 409 || !strings.Contains(b.Text(t, "main"), "정지된 처리가 없습니다") {
			t.Fatalf("lifting again: %d %q", st, b.Text(t, "main"))
		}
	})
}

// delivery is a new 손목닥터 9988 participant waiting for a watch at addr.
func (e *env) delivery(addr string) vault.Actor {
	e.t.Helper()
	p := e.Subject(e.t, "seoul-healthcare", "purpose:enrolment", "purpose:watch-delivery")
	_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: "seoul-healthcare", Purpose: "watch-delivery", Subject: p.ID, Action: vault.Input},
		"delivery", map[string]string{"delivery_address": addr, "delivery_contact": "010-0000-0009"})
	e.must(err)
	return p
}

// A request a legal representative or a proxy made on paper: the officer
// sends the representative recorded at sign-up a code, or asks for the
// proxy's identity verification, from the filing page (as `jikimi rights
// file --as`), and files with it; the person sees the request. A wrong
// code, or a power of attorney that does not cover the kind, records
// nothing.
func TestOfficerFilesOnBehalfInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		child := e.Subject(t, "bokjiro", "purpose:membership")
		kim := e.Subject(t, "seoul-healthcare", "purpose:enrolment")
		b := e.signIn(e.member("demo.officer", staff.PrivacyOfficer))
		main := `form[action="/staff/officer/rights"]`
		e.page(b, "/staff/officer/rights/new")
		if st := b.Submit(t, `form[action$="/new/representative"]`, map[string]string{"subject": child.ID}); st != 200 || !strings.Contains(b.Text(t, "main"), "인증번호를 보냈습니다") {
			t.Fatalf("calling the representative: %d %q", st, b.Text(t, "main"))
		}
		if st := b.Submit(t, main, map[string]string{"kind": "access", "code": "000000"}); st != 400 || !strings.Contains(b.Text(t, ".alert"), "자격") {
			t.Fatalf("a wrong code: %d %q", st, b.Text(t, "main"))
		}
		if st := b.Submit(t, main, map[string]string{"kind": "access", "code": "123456"}); st != 200 || !strings.Contains(b.Text(t, "main"), "접수했습니다") {
			t.Fatalf("filing for the child: %d %q", st, b.Text(t, "main"))
		}
		if mine, err := e.rights.Mine(ctx, child, "bokjiro"); err != nil || len(mine) != 1 || mine[0].Requester != rights.ByRepresentative {
			t.Fatalf("the child's requests: %+v, %v", mine, err)
		}
		e.page(b, "/staff/officer/rights/new")
		proxy := map[string]string{"service": "seoul-healthcare", "subject": kim.ID, "proxy_name": "김대리", "proxy_birth_date": "1970-01-01", "proxy_sex": "F", "proxy_mobile": "010-0000-0003"}
		if st := b.Submit(t, `form[action$="/new/proxy"]`, proxy); st != 200 || !strings.Contains(b.Text(t, "main"), "본인확인을 요청했습니다") {
			t.Fatalf("asking for the proxy's verification: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-rights-proxy")
		attorney := map[string]string{"kind": "deletion", "attorney_kinds": "access", "attorney_from": "2026-01-01", "attorney_until": "2026-12-31"}
		if st := b.Submit(t, main, attorney); st != 400 || !strings.Contains(b.Text(t, ".alert"), "위임장") {
			t.Fatalf("a kind the power of attorney does not cover: %d %q", st, b.Text(t, "main"))
		}
		if mine, err := e.rights.Mine(ctx, kim, "seoul-healthcare"); err != nil || len(mine) != 0 {
			t.Fatalf("the proxy's refused request: %+v, %v", mine, err)
		}
		attorney["kind"] = "access"
		if st := b.Submit(t, main, attorney); st != 200 || !strings.Contains(b.Text(t, "main"), "접수했습니다") {
			t.Fatalf("filing for the proxy: %d %q", st, b.Text(t, "main"))
		}
		if mine, err := e.rights.Mine(ctx, kim, "seoul-healthcare"); err != nil || len(mine) != 1 || mine[0].Requester != rights.ByProxy {
			t.Fatalf("the person's requests after the proxy's: %+v, %v", mine, err)
		}
	})
}
