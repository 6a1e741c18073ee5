package main

import (
	"regexp"
	"strings"
	"testing"
)

var accountLine = regexp.MustCompile(`(?m)^account\s+(stf_[a-z2-7]+)$`)

// TestStaffCommands runs the staff commands in order on one data folder.
func TestStaffCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ids := map[string]string{}
	create := func(login, person, by string) []string {
		args := []string{"staff", "create", "--data", dir, "--login", login, "--name", "직원 " + login, "--person", person}
		if by != "" {
			args = append(args, "--by", ids[by])
		}
		return args
	}
	role := func(cmd, account, r, by, reason string) func() []string {
		return func() []string {
			return []string{"staff", cmd, "--data", dir, "--account", ids[account], "--role", r, "--by", ifEmpty(ids[by], by), "--reason", reason}
		}
	}
	for _, step := range []struct {
		name  string
		args  func() []string
		save  string // remember the created account's ID under this name
		exit  int
		wants []string // on stdout when it succeeds, else on the error
	}{
		{name: "NoCommand", args: func() []string { return []string{"staff"} }, exit: 2, wants: []string{"usage: jikimi staff"}},
		{name: "UnknownCommand", args: func() []string { return []string{"staff", "promote"} }, exit: 2, wants: []string{"usage: jikimi staff"}},
		{name: "CreateAdmin", args: func() []string { return create("admin.k", "E-1", "") }, save: "admin",
			wants: []string{"password  ", "totp      otpauth://totp/Jikimi:admin.k?", "secret="}},
		{name: "Bootstrap", args: role("grant", "admin", "admin", "bootstrap", "first admin"), wants: []string{"grant admin"}},
		{name: "BootstrapAgain", args: role("grant", "admin", "admin", "bootstrap", "again"), exit: 1, wants: []string{"bootstrap grant was made already"}},
		{name: "CreateWorker", args: func() []string { return create("kim.j", "E-2", "admin") }, save: "kim"},
		{name: "DuplicatePerson", args: func() []string { return create("kim.j2", "E-2", "admin") }, exit: 1, wants: []string{"already has an account"}},
		{name: "NonAdminCreates", args: func() []string { return create("lee.s", "E-3", "kim") }, exit: 1, wants: []string{"only an active admin"}},
		{name: "Grant", args: role("grant", "kim", "caseworker", "admin", "hired"), wants: []string{"grant caseworker"}},
		{name: "UnknownRole", args: role("grant", "kim", "root", "admin", "why not"), exit: 1, wants: []string{"unknown role"}},
		{name: "NoReason", args: role("grant", "kim", "counsellor", "admin", ""), exit: 1, wants: []string{"reason"}},
		{name: "SelfGrant", args: role("grant", "admin", "caseworker", "admin", "me"), exit: 1, wants: []string{"their own roles"}},
		{name: "NonAdminGrant", args: role("grant", "admin", "caseworker", "kim", "me"), exit: 1, wants: []string{"only an active admin"}},
		{name: "Revoke", args: role("revoke", "kim", "caseworker", "admin", "moved"), wants: []string{"revoke caseworker"}},
		{name: "RevokeAgain", args: role("revoke", "kim", "caseworker", "admin", "moved"), exit: 1, wants: []string{"does not hold"}},
		{name: "UnlockNotLocked", args: func() []string {
			return []string{"staff", "unlock", "--data", dir, "--account", ids["kim"], "--by", ids["admin"]}
		}, exit: 1, wants: []string{"not locked"}},
		{name: "Disable", args: func() []string {
			return []string{"staff", "disable", "--data", dir, "--account", ids["kim"], "--by", ids["admin"], "--reason", "left"}
		}, wants: []string{"disabled: "}},
		{name: "History", args: func() []string { return []string{"staff", "history", "--data", dir, "--account", ids["kim"]} },
			wants: []string{"(kim.j), disabled, roles: none", "grant   caseworker", `"hired"`, "revoke  caseworker", `"moved"`, "created", "disabled          by stf_"}},
		{name: "HistoryUnknown", args: func() []string {
			return []string{"staff", "history", "--data", dir, "--account", "stf_aaaaaaaaaaaaaaaa"}
		}, exit: 1, wants: []string{"no such account"}},
		{name: "StrayArgument", args: func() []string { return []string{"staff", "history", "--data", dir, "kim.j"} }, exit: 2, wants: []string{"unexpected argument"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			out, _, err := runCmd(t, step.args()...)
			if exitStatus(err) != step.exit {
				t.Fatalf("exit %d, want %d: %v\n%s", exitStatus(err), step.exit, err, out)
			}
			text := out
			if err != nil {
				text = err.Error()
			}
			for _, w := range step.wants {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			if m := accountLine.FindStringSubmatch(out); step.save != "" && m != nil {
				ids[step.save] = m[1]
			}
		})
	}
}

func ifEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
