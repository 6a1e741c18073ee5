package staff

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store"
)

// people is the cast of a role test: a bootstrap admin, a second admin, a
// caseworker who is no admin, and the account the changes are made to.
type people struct{ admin, admin2, worker, target string }

func cast(f *fixture) people {
	p := people{admin: f.admin().Account.ID}
	p.admin2 = f.create("admin2").Account.ID
	p.worker = f.create("worker").Account.ID
	p.target = f.create("target").Account.ID
	f.grant(p.admin2, p.admin, Admin)
	f.grant(p.worker, p.admin, Caseworker)
	f.grant(p.target, p.admin, Counsellor)
	return p
}

func TestRoleChanges(t *testing.T) {
	for name, tt := range map[string]struct {
		op           func(*Service) func(context.Context, RoleChange) error // nil: Grant
		change       func(p people) RoleChange
		setup        func(f *fixture, p people)
		code, reason string
		want         []Role // the target's roles after; nil: unchanged
	}{
		"Grant":         {change: byAdmin(Caseworker), want: []Role{Caseworker, Counsellor}},
		"GrantAdmin":    {change: byAdmin(Admin), want: []Role{Admin, Counsellor}},
		"GrantBySecond": {change: func(p people) RoleChange { c := byAdmin(Statistician)(p); c.By = p.admin2; return c }, want: []Role{Counsellor, Statistician}},
		"UnknownRole":   {change: byAdmin("superuser"), code: errs.Invalid, reason: "unknown_role", want: []Role{Counsellor}},
		"EmptyRole":     {change: byAdmin(""), code: errs.Invalid, reason: "unknown_role", want: []Role{Counsellor}},
		"AlreadyHeld":   {change: byAdmin(Counsellor), code: errs.Conflict, reason: "role_held", want: []Role{Counsellor}},
		"EmptyReason":   {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.Reason = " "; return c }, code: errs.Invalid, want: []Role{Counsellor}},
		"LongReason":    {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.Reason = string(make([]byte, 501)); return c }, code: errs.Invalid, want: []Role{Counsellor}},
		"SelfGrant": {change: func(p people) RoleChange {
			return RoleChange{Account: p.admin, Role: Caseworker, By: p.admin, Reason: "r"}
		}, code: errs.Forbidden, reason: "self_grant", want: []Role{Counsellor}},
		"NonAdminGrant": {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.By = p.worker; return c }, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"NonAdminSelf": {change: func(p people) RoleChange {
			return RoleChange{Account: p.target, Role: Admin, By: p.target, Reason: "r"}
		}, code: errs.Forbidden, reason: "self_grant", want: []Role{Counsellor}},
		"UnknownAdmin":     {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.By = "stf_aaaaaaaaaaaaaaaa"; return c }, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"MalformedAdmin":   {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.By = "root"; return c }, code: errs.Invalid, want: []Role{Counsellor}},
		"LockedAdmin":      {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.By = p.admin2; return c }, setup: lock(func(p people) string { return p.admin2 }), code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"RevokedAdmin":     {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.By = p.admin2; return c }, setup: revokeAdmin2, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"UnknownAccount":   {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.Account = "stf_aaaaaaaaaaaaaaaa"; return c }, code: errs.NotFound},
		"MalformedAccount": {change: func(p people) RoleChange { c := byAdmin(Caseworker)(p); c.Account = "target"; return c }, code: errs.Invalid},
		"DisabledAccount":  {change: byAdmin(Caseworker), setup: disableTarget, code: errs.Conflict, reason: "account_disabled", want: []Role{Counsellor}},
		"BootstrapAgain":   {change: func(p people) RoleChange { c := byAdmin(Admin)(p); c.By = Bootstrap; return c }, code: errs.Forbidden, reason: "bootstrap_done", want: []Role{Counsellor}},
		"Revoke":           {op: revoke, change: byAdmin(Counsellor), want: []Role{}},
		"RevokeNotHeld":    {op: revoke, change: byAdmin(Caseworker), code: errs.NotFound, reason: "role_not_held", want: []Role{Counsellor}},
		"RevokeDisabled":   {op: revoke, change: byAdmin(Counsellor), setup: disableTarget, want: []Role{}},
		"SelfRevoke":       {op: revoke, change: func(p people) RoleChange { return RoleChange{Account: p.admin, Role: Admin, By: p.admin, Reason: "r"} }, code: errs.Forbidden, reason: "self_grant"},
		"NonAdminRevoke":   {op: revoke, change: func(p people) RoleChange { c := byAdmin(Counsellor)(p); c.By = p.worker; return c }, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"BootstrapRevoke":  {op: revoke, change: func(p people) RoleChange { c := byAdmin(Counsellor)(p); c.By = Bootstrap; return c }, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
		"Change":           {op: change, change: changeTo(Counsellor, Caseworker), want: []Role{Caseworker}},
		"ChangeNotHeld":    {op: change, change: changeTo(Statistician, Caseworker), code: errs.NotFound, reason: "role_not_held", want: []Role{Counsellor}},
		"ChangeToHeld":     {op: change, change: changeTo(Counsellor, Counsellor), code: errs.Invalid, want: []Role{Counsellor}},
		"ChangeFromBad":    {op: change, change: changeTo("boss", Caseworker), code: errs.Invalid, reason: "unknown_role", want: []Role{Counsellor}},
		"ChangeToBad":      {op: change, change: changeTo(Counsellor, "boss"), code: errs.Invalid, reason: "unknown_role", want: []Role{Counsellor}},
		"ChangeNonAdmin":   {op: change, change: func(p people) RoleChange { c := changeTo(Counsellor, Caseworker)(p); c.By = p.worker; return c }, code: errs.Forbidden, reason: "not_admin", want: []Role{Counsellor}},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				p := cast(f)
				if tt.setup != nil {
					tt.setup(f, p)
				}
				before := historyLen(f, p.target)
				op := f.svc.Grant
				if tt.op != nil {
					op = tt.op(f.svc)
				}
				err := op(f.ctx, tt.change(p))
				errstest.Want(t, err, tt.code, tt.reason)
				want := tt.want // shared by the parallel SQLite and PostgreSQL runs: never written
				if want == nil {
					want = []Role{Counsellor}
				}
				wantRoles(t, f, p.target, want)
				if grew := historyLen(f, p.target) - before; (err == nil) != (grew == 1) {
					t.Fatalf("history grew by %d after err = %v", grew, err)
				}
			}, fast)
		})
	}
}

func byAdmin(r Role) func(people) RoleChange {
	return func(p people) RoleChange {
		return RoleChange{Account: p.target, Role: r, By: p.admin, Reason: "new duties"}
	}
}

func changeTo(from, to Role) func(people) RoleChange {
	return func(p people) RoleChange {
		return RoleChange{Account: p.target, From: from, Role: to, By: p.admin, Reason: "moved teams"}
	}
}

func revoke(s *Service) func(context.Context, RoleChange) error { return s.Revoke }

func change(s *Service) func(context.Context, RoleChange) error { return s.Change }

// lock fails logins on the account who names until it locks.
func lock(who func(people) string) func(*fixture, people) {
	return func(f *fixture, p people) {
		a, err := f.svc.Account(f.ctx, who(p))
		f.must(err)
		for range f.svc.cfg.MaxFailedLogins {
			_, err := f.svc.Login(f.ctx, a.Login, "wrong password", "000000", "10.0.0.9")
			errstest.Want(f.t, err, errs.Forbidden, "bad_credentials")
		}
		if st := f.status(a.ID); st != Locked {
			f.t.Fatalf("status = %s after %d failures", st, f.svc.cfg.MaxFailedLogins)
		}
	}
}

func revokeAdmin2(f *fixture, p people) {
	f.must(f.svc.Revoke(f.ctx, RoleChange{Account: p.admin2, Role: Admin, By: p.admin, Reason: "left the team"}))
}

func disableTarget(f *fixture, p people) {
	f.must(f.svc.Disable(f.ctx, p.target, p.admin, "left the organisation"))
}

func historyLen(f *fixture, id string) int {
	h, err := f.svc.History(f.ctx, id)
	f.must(err)
	return len(h)
}

func wantRoles(t *testing.T, f *fixture, id string, want []Role) {
	t.Helper()
	got, err := f.svc.Roles(f.ctx, id)
	f.must(err)
	if !slices.Equal(got, want) {
		t.Fatalf("roles = %v, want %v", got, want)
	}
}

func TestBootstrap(t *testing.T) {
	for name, tt := range map[string]struct {
		role         Role
		code, reason string
	}{
		"Admin":      {role: Admin},
		"OtherRole":  {role: Caseworker, code: errs.Forbidden, reason: "not_admin"},
		"UnknownRol": {role: "root", code: errs.Invalid, reason: "unknown_role"},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				a := f.create("first")
				err := f.svc.Grant(f.ctx, RoleChange{Account: a.Account.ID, Role: tt.role, By: Bootstrap, Reason: "install"})
				errstest.Want(t, err, tt.code, tt.reason)
				if err != nil { // a refused bootstrap is not used up
					f.admin()
				}
			}, fast)
		})
	}
}

func TestBootstrapUnknownAccountIsNotUsedUp(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		err := f.svc.Grant(f.ctx, RoleChange{Account: "stf_aaaaaaaaaaaaaaaa", Role: Admin, By: Bootstrap, Reason: "install"})
		errstest.Want(t, err, errs.NotFound, "")
		f.admin()
	}, fast)
}

// Revocation takes effect at once: for Roles and for an open session.
func TestRevokeTakesEffectAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin, kim, sess := f.caseworker("kim.j")
		if !slices.Equal(sess.Roles, []Role{Caseworker}) {
			t.Fatalf("session roles = %v", sess.Roles)
		}
		f.must(f.svc.Revoke(f.ctx, RoleChange{Account: kim.Account.ID, Role: Caseworker, By: admin.Account.ID, Reason: "moved"}))
		wantRoles(t, f, kim.Account.ID, []Role{})
		again, err := f.svc.Authenticate(f.ctx, sess.Token)
		f.must(err)
		if len(again.Roles) != 0 {
			t.Fatalf("session roles after revoke = %v", again.Roles)
		}
	})
}

func TestHistoryKept(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.admin()
		kim := f.create("kim.j").Account.ID
		by := admin.Account.ID
		f.must(f.svc.Grant(f.ctx, RoleChange{Account: kim, Role: Caseworker, By: by, Reason: "hired"}))
		f.clk.Advance(time.Hour)
		f.must(f.svc.Change(f.ctx, RoleChange{Account: kim, From: Caseworker, Role: Counsellor, By: by, Reason: "moved"}))
		f.clk.Advance(time.Hour)
		f.must(f.svc.Revoke(f.ctx, RoleChange{Account: kim, Role: Counsellor, By: by, Reason: "left"}))
		h, err := f.svc.History(f.ctx, kim)
		f.must(err)
		want := []RoleEvent{
			{Account: kim, Action: "grant", Role: Caseworker, By: by, Reason: "hired", At: epoch},
			{Account: kim, Action: "change", Role: Counsellor, From: Caseworker, By: by, Reason: "moved", At: epoch.Add(time.Hour)},
			{Account: kim, Action: "revoke", Role: Counsellor, By: by, Reason: "left", At: epoch.Add(2 * time.Hour)},
		}
		if len(h) != len(want) {
			t.Fatalf("history = %+v", h)
		}
		for i := range want {
			want[i].Seq = h[i].Seq
			if h[i] != want[i] {
				t.Errorf("event %d = %+v, want %+v", i, h[i], want[i])
			}
		}
	}, fast)
}

func TestRoleHistoryIsAppendOnly(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.admin()
		err := f.sql.InTx(f.ctx, func(tx store.Querier) error {
			_, err := tx.ExecContext(f.ctx, `UPDATE staff_role_history SET reason = 'forged'`)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatal("updating role history succeeded")
		}
	}, fast)
}

func TestPurgeHistory(t *testing.T) {
	now := epoch.AddDate(4, 0, 0)
	for name, tt := range map[string]struct {
		before       time.Time
		code, reason string
		purged       int64
	}{
		"Now":                 {before: now, code: errs.Invalid, reason: "retention"},
		"Future":              {before: now.AddDate(1, 0, 0), code: errs.Invalid, reason: "retention"},
		"TwoYears":            {before: now.AddDate(-2, 0, 0), code: errs.Invalid, reason: "retention"},
		"ADayShortOfThree":    {before: now.AddDate(-3, 0, 1), code: errs.Invalid, reason: "retention"},
		"ASecondShortOfThree": {before: now.AddDate(-3, 0, 0).Add(time.Second), code: errs.Invalid, reason: "retention"},
		"ThreeYears":          {before: now.AddDate(-3, 0, 0), purged: 2},
		"BeforeTheOldest":     {before: epoch, purged: 0},
		"JustAfterTheOldest":  {before: epoch.Add(time.Microsecond), purged: 2},
	} {
		t.Run(name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				p := f.admin().Account.ID // grant at epoch
				kim := f.create("kim.j").Account.ID
				f.grant(kim, p, Caseworker) // at epoch
				f.clk.Set(now.AddDate(-1, 0, 0))
				f.grant(kim, p, Counsellor) // a year ago: kept
				f.clk.Set(now)
				n, err := f.svc.PurgeHistory(f.ctx, tt.before)
				errstest.Want(t, err, tt.code, tt.reason)
				if n != tt.purged {
					t.Fatalf("purged %d, want %d", n, tt.purged)
				}
				if got := historyLen(f, kim) + historyLen(f, p); got != 3-int(tt.purged) {
					t.Fatalf("%d events left, want %d", got, 3-tt.purged)
				}
			}, fast)
		})
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range AllRoles() {
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
		if r.PurposeAccess() == (r == Admin) {
			t.Errorf("%s.PurposeAccess() = %v", r, r.PurposeAccess())
		}
	}
	for _, s := range []string{"", "Admin", "root", "caseworker "} {
		if _, err := ParseRole(s); errs.Code(err) != errs.Invalid {
			t.Errorf("ParseRole(%q) = %v, want invalid", s, err)
		}
	}
}
