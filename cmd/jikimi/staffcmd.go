package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"jikimi/clock"
	"jikimi/staff"
)

const staffUsage = `usage: jikimi staff COMMAND [flags]
  create  --login L --name N --person P [--by ADMIN_ID]
                 a new account; prints its ID, a one-time initial password and the TOTP otpauth:// URI, once
  grant   --account ID --role R --by ADMIN_ID --reason TEXT
                 give a role; --by bootstrap grants the very first admin, once per database
  revoke  --account ID --role R --by ADMIN_ID --reason TEXT
  unlock  --account ID --by ADMIN_ID      after too many failed logins
  disable --account ID --by ADMIN_ID --reason TEXT
                 for good (the holder left): ends its sessions, keeps its history
  history --account ID                    role changes, account events and logins
roles: caseworker, health-operator, counsellor, privacy-officer, statistician, admin`

func runStaff(ctx context.Context, e env, args []string) error {
	cmds := map[string]func(context.Context, env, []string) error{
		"create": staffCreate, "grant": staffGrant, "revoke": staffRevoke,
		"unlock": staffUnlock, "disable": staffDisable, "history": staffHistory,
	}
	if len(args) == 0 || cmds[args[0]] == nil {
		return exitError{2, staffUsage}
	}
	return cmds[args[0]](ctx, e, args[1:])
}

// staffFlags are the flags the staff commands share; each uses some.
type staffFlags struct {
	app                       *Config
	account, role, by, reason string
	login, name, person       string
}

func newStaffFlags(e env, name string, args []string, use ...string) (*staffFlags, error) {
	fs := newFlags("staff "+name, e)
	f := &staffFlags{app: addConfig(fs, e, systemScope)}
	all := map[string]struct {
		p    *string
		help string
	}{
		"account": {&f.account, "the account's ID (stf_...)"},
		"role":    {&f.role, "caseworker, health-operator, counsellor, privacy-officer, statistician or admin"},
		"by":      {&f.by, "the acting admin's account ID"},
		"reason":  {&f.reason, "why, for the history"},
		"login":   {&f.login, "login name: 3 to 64 of a-z, 0-9, '.', '_', '-'"},
		"name":    {&f.name, "display name"},
		"person":  {&f.person, "employee number (kept only as a keyed hash; one account per person)"},
	}
	for _, u := range use {
		fs.StringVar(all[u].p, u, "", all[u].help)
	}
	if err := f.app.parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, exitError{2, fmt.Sprintf("jikimi staff %s: unexpected argument %q", name, fs.Arg(0))}
	}
	return f, nil
}

// withStaff opens the system the flags name and runs fn on its staff service.
func (f *staffFlags) withStaff(ctx context.Context, e env, fn func(*staff.Service) error) error {
	sys, err := openApp(ctx, e, f.app, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	return fn(sys.staff)
}

func staffCreate(ctx context.Context, e env, args []string) error {
	f, err := newStaffFlags(e, "create", args, "login", "name", "person", "by")
	if err != nil {
		return err
	}
	return f.withStaff(ctx, e, func(s *staff.Service) error {
		c, err := s.Create(ctx, staff.NewAccount{Login: f.login, Name: f.name, Person: f.person, By: f.by})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "account   %s\npassword  %s\ntotp      %s\n", c.Account.ID, c.Password, c.TOTP.URI)
		fmt.Fprintln(e.stdout, "Shown once: hand the password and the TOTP URI (as a QR code) to the holder; the password must be changed at first login.")
		return nil
	})
}

func staffGrant(ctx context.Context, e env, args []string) error {
	return staffRoleChange(ctx, e, "grant", args, (*staff.Service).Grant)
}

func staffRevoke(ctx context.Context, e env, args []string) error {
	return staffRoleChange(ctx, e, "revoke", args, (*staff.Service).Revoke)
}

func staffRoleChange(ctx context.Context, e env, name string, args []string,
	op func(*staff.Service, context.Context, staff.RoleChange) error) error {
	f, err := newStaffFlags(e, name, args, "account", "role", "by", "reason")
	if err != nil {
		return err
	}
	return f.withStaff(ctx, e, func(s *staff.Service) error {
		c := staff.RoleChange{Account: f.account, Role: staff.Role(f.role), By: f.by, Reason: f.reason}
		if err := op(s, ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s %s: %s\n", name, f.role, f.account)
		return nil
	})
}

func staffUnlock(ctx context.Context, e env, args []string) error {
	f, err := newStaffFlags(e, "unlock", args, "account", "by")
	if err != nil {
		return err
	}
	return f.withStaff(ctx, e, func(s *staff.Service) error {
		if err := s.Unlock(ctx, f.account, f.by); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "unlocked: %s\n", f.account)
		return nil
	})
}

func staffDisable(ctx context.Context, e env, args []string) error {
	f, err := newStaffFlags(e, "disable", args, "account", "by", "reason")
	if err != nil {
		return err
	}
	return f.withStaff(ctx, e, func(s *staff.Service) error {
		if err := s.Disable(ctx, f.account, f.by, f.reason); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "disabled: %s\n", f.account)
		return nil
	})
}

func staffHistory(ctx context.Context, e env, args []string) error {
	f, err := newStaffFlags(e, "history", args, "account")
	if err != nil {
		return err
	}
	return f.withStaff(ctx, e, func(s *staff.Service) error { return printHistory(ctx, e.stdout, s, f.account) })
}

// printHistory writes an account's state, roles, role history, account
// events and logins, oldest first, in UTC.
func printHistory(ctx context.Context, w io.Writer, s *staff.Service, id string) error {
	a, err := s.Account(ctx, id)
	if err != nil {
		return err
	}
	roles, err := s.Roles(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "account %s (%s), %s, roles: %s\n", a.ID, a.Login, a.Status, joinRoles(roles))
	if err := printRoleHistory(ctx, w, s, id); err != nil {
		return err
	}
	if err := printAccountEvents(ctx, w, s, id); err != nil {
		return err
	}
	return printLogins(ctx, w, s, id)
}

func joinRoles(rs []staff.Role) string {
	if len(rs) == 0 {
		return "none"
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return strings.Join(out, ", ")
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func printRoleHistory(ctx context.Context, w io.Writer, s *staff.Service, id string) error {
	events, err := s.History(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nroles:")
	for _, ev := range events {
		what := string(ev.Role)
		if ev.From != "" {
			what = string(ev.From) + " -> " + what
		}
		fmt.Fprintf(w, "  %s  %-6s  %-32s  by %s: %q\n", stamp(ev.At), ev.Action, what, ev.By, ev.Reason)
	}
	return nil
}

func printAccountEvents(ctx context.Context, w io.Writer, s *staff.Service, id string) error {
	events, err := s.AccountHistory(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\naccount:")
	for _, ev := range events {
		fmt.Fprintf(w, "  %s  %-16s  by %s  %s\n", stamp(ev.At), ev.Event, ev.By, ev.Reason)
	}
	return nil
}

func printLogins(ctx context.Context, w io.Writer, s *staff.Service, id string) error {
	logins, err := s.LoginHistory(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nlogins:")
	for _, l := range logins {
		fmt.Fprintf(w, "  %s  %-16s  from %s\n", stamp(l.At), l.Outcome, l.Source)
	}
	return nil
}
