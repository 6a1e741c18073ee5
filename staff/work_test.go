package staff

import (
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/vault"
)

func withPolicies(t *testing.T) func(*Config) {
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	return func(c *Config) { fast(c); c.Policies = reg }
}

// ready makes an account holding roles, past its password change, signed in.
func (f *fixture) ready(name string, roles ...Role) (*Created, *Session) {
	f.t.Helper()
	admin := f.admin()
	c := f.create(name)
	for _, r := range roles {
		f.grant(c.Account.ID, admin.Account.ID, r)
	}
	f.must(f.svc.ChangePassword(f.ctx, c.Account.ID, c.Password, "가상-새암호-2026!", "10.0.0.1"))
	c.Password = "가상-새암호-2026!"
	sess, err := f.login(c, c.Password)
	f.must(err)
	return c, sess
}

// The choices come from the policies: a caseworker works for 복지로's
// case-handling purposes only; admin for none.
func TestChoices(t *testing.T) {
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	keys := func(ws []Work) map[string]bool {
		m := map[string]bool{}
		for _, w := range ws {
			m[w.Key()] = true
		}
		return m
	}
	cw := keys(Choices(reg, epoch, []Role{Caseworker}))
	if !cw["caseworker/bokjiro/online-application"] || cw["caseworker/bokjiro/welfare-search"] || len(cw) == 0 {
		t.Fatalf("caseworker's choices: %v", cw)
	}
	for k := range cw {
		if w, _ := ParseWork(k); w.Service != "bokjiro" {
			t.Fatalf("a caseworker may choose %s", k)
		}
	}
	op := keys(Choices(reg, epoch, []Role{HealthOperator}))
	if !op["health-operator/seoul-healthcare/watch-delivery"] || op["health-operator/bokjiro/online-application"] {
		t.Fatalf("operator's choices: %v", op)
	}
	if n := len(Choices(reg, epoch, []Role{Admin})); n != 0 {
		t.Fatalf("admin has %d choices", n)
	}
}

func TestParseWork(t *testing.T) {
	for _, bad := range []string{"", "caseworker", "caseworker/bokjiro", "caseworker//x", "janitor/bokjiro/online-application", "caseworker/bokjiro/a/b"} {
		if _, err := ParseWork(bad); errs.Code(err) != errs.Invalid {
			t.Errorf("ParseWork(%q) = %v", bad, err)
		}
	}
	w, err := ParseWork("caseworker/bokjiro/online-application")
	if err != nil || w.Role != Caseworker || w.Service != "bokjiro" || w.Purpose != "online-application" {
		t.Fatalf("%+v %v", w, err)
	}
}

// Purpose first: a session works for nothing until it chooses; the choice
// is one the account's roles open, is kept by the session, goes into the
// gate's actor, and is changed or ended only explicitly.
func TestChooseWork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, sess := f.ready("kim.cw", Caseworker)
		if _, err := sess.WorkActor("10.0.0.1"); errs.Code(err) != errs.Forbidden {
			t.Fatalf("no choice: %v", err)
		}
		application := Work{Role: Caseworker, Service: "bokjiro", Purpose: "online-application"}
		for name, w := range map[string]Work{
			"a role not held":            {Role: HealthOperator, Service: "seoul-healthcare", Purpose: "watch-delivery"},
			"a purpose the role may not": {Role: Caseworker, Service: "bokjiro", Purpose: "welfare-search"},
			"an undeclared purpose":      {Role: Caseworker, Service: "bokjiro", Purpose: "marketing"},
			"another service's purpose":  {Role: Caseworker, Service: "seoul-healthcare", Purpose: "online-application"},
		} {
			_, err := f.svc.ChooseWork(f.ctx, sess.Token, w)
			errstest.Want(t, err, errs.Forbidden, "work_not_open")
			got, err := f.svc.Authenticate(f.ctx, sess.Token)
			if f.must(err); got.Work.Chosen() {
				t.Fatalf("%s: a refused choice was kept: %+v", name, got.Work)
			}
		}
		_, err := f.svc.ChooseWork(f.ctx, sess.Token, application)
		f.must(err)
		got, err := f.svc.Authenticate(f.ctx, sess.Token)
		f.must(err)
		if got.Work.Key() != application.Key() || got.Work.Title == "" {
			t.Fatalf("work = %+v", got.Work)
		}
		a, err := got.WorkActor("10.0.0.1")
		f.must(err)
		if a.Kind != vault.Staff || a.Role != "caseworker" || a.Purpose != (vault.Chosen{Service: "bokjiro", Purpose: "online-application"}) {
			t.Fatalf("actor = %+v", a)
		}
		help := Work{Role: Caseworker, Service: "bokjiro", Purpose: "help-request"}
		_, err = f.svc.ChooseWork(f.ctx, sess.Token, help)
		f.must(err)
		if got, _ := f.svc.Authenticate(f.ctx, sess.Token); got.Work.Key() != help.Key() {
			t.Fatalf("after switching: %+v", got.Work)
		}
		f.must(f.svc.EndWork(f.ctx, sess.Token))
		if got, _ := f.svc.Authenticate(f.ctx, sess.Token); got.Work.Chosen() {
			t.Fatalf("after ending: %+v", got.Work)
		}
	}, withPolicies(t))
}

// A revoked role ends the work chosen with it on the next request; another
// session of the same account chose nothing.
func TestRevokeEndsWork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c, sess := f.ready("kim.cw", Caseworker)
		_, err := f.svc.ChooseWork(f.ctx, sess.Token, Work{Role: Caseworker, Service: "bokjiro", Purpose: "online-application"})
		f.must(err)
		other, err := f.login(c, c.Password)
		f.must(err)
		if got, _ := f.svc.Authenticate(f.ctx, other.Token); got.Work.Chosen() {
			t.Fatalf("another session shares the choice: %+v", got.Work)
		}
		var admin string
		f.must(f.sql.Reader().QueryRowContext(f.ctx, `SELECT id FROM staff_accounts WHERE login = 'admin'`).Scan(&admin))
		f.must(f.svc.Revoke(f.ctx, RoleChange{Account: c.Account.ID, Role: Caseworker, By: admin, Reason: "moved"}))
		got, err := f.svc.Authenticate(f.ctx, sess.Token)
		f.must(err)
		if got.Work.Chosen() {
			t.Fatalf("work kept after the revocation: %+v", got.Work)
		}
		if _, err := got.WorkActor("10.0.0.1"); errs.Code(err) != errs.Forbidden {
			t.Fatalf("actor after the revocation: %v", err)
		}
	}, withPolicies(t))
}

// An account that still owes its password change chooses nothing.
func TestChooseWorkAfterPasswordChange(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, sess := f.caseworker("kim.cw")
		_, err := f.svc.ChooseWork(f.ctx, sess.Token, Work{Role: Caseworker, Service: "bokjiro", Purpose: "online-application"})
		errstest.Want(t, err, errs.Forbidden, "password_change_required")
	}, withPolicies(t))
}
