package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"jikimi/clock"

	"jikimi/policies"
	"jikimi/policy"
	"jikimi/policy/render"
)

func runPolicy(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return exitError{2, "usage: jikimi policy lint|render|diff ..."}
	}
	switch args[0] {
	case "lint":
		return policyLint(e, args[1:])
	case "render":
		return policyRender(e, args[1:])
	case "diff":
		return policyDiff(e, args[1:])
	}
	return exitError{2, fmt.Sprintf("unknown policy command %q\nusage: jikimi policy lint|render|diff [flags] (jikimi policy SUBCOMMAND --help for each)", args[0])}
}

// policyLint prints every problem as file:line: message; exit status 1 on
// any. Warnings (a trustee whose contract ended while the version is in
// force, judged among the versions in the same folder) are printed too,
// as file:line: warning: message, and leave the exit status 0.
func policyLint(e env, args []string) error {
	fs := newFlags("policy lint", e)
	today := fs.String("today", "", "the day warnings are judged on, YYYY-MM-DD (default: today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return exitError{2, "usage: jikimi policy lint [--today YYYY-MM-DD] FILE..."}
	}
	day := clock.System{}.Now()
	if *today != "" {
		d, err := time.Parse(time.DateOnly, *today)
		if err != nil {
			return exitError{2, "--today: want YYYY-MM-DD"}
		}
		day = d
	}
	var all, warnings policy.Problems
	for _, name := range fs.Args() {
		p, err := policy.ParseFile(name)
		var ps policy.Problems
		switch {
		case errors.As(err, &ps):
			all = append(all, ps...)
		case err != nil:
			all = append(all, policy.Problem{File: name, Line: 0, Msg: err.Error()})
		default:
			all = append(all, policy.Lint(p)...)
			warnings = append(warnings, policy.ContractWarnings(p, policy.LastInForce(p, siblings(name), day))...)
		}
	}
	for _, p := range append(all, warnings...) {
		fmt.Fprintln(e.stdout, p)
	}
	if len(all) > 0 {
		return exitError{1, ""}
	}
	fmt.Fprintf(e.stdout, "%d declaration(s): no problems, %d warning(s)\n", fs.NArg(), len(warnings))
	return nil
}

// siblings are the declarations beside name (other versions of its
// service); one that does not parse is left out (lint names it when asked).
func siblings(name string) []*policy.Policy {
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(name), "*.yaml"))
	var out []*policy.Policy
	for _, f := range files {
		if p, err := policy.ParseFile(f); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// loadPolicies loads the embedded declarations, or those under dir.
func loadPolicies(dir string) (*policy.Registry, error) {
	if dir != "" {
		return policy.LoadDir(dir)
	}
	return policy.LoadFS(policies.FS, ".")
}

func policyRender(e env, args []string) error {
	fs := newFlags("policy render", e)
	service := fs.String("service", "", "service ID (required)")
	version := fs.String("version", "", "version to render (default: the one in force)")
	format := fs.String("format", "md", "html or md")
	history := fs.Bool("history", false, "render the history page instead of the policy")
	dir := fs.String("policies", "", "folder of declarations (default: the embedded ones)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *service == "" || (*format != "html" && *format != "md") {
		return exitError{2, "usage: jikimi policy render --service ID [--version V] --format html|md [--history]"}
	}
	reg, err := loadPolicies(*dir)
	if err != nil {
		return err
	}
	p, err := pickVersion(reg, *service, *version)
	if err != nil {
		return err
	}
	if *history {
		return render.History(e.stdout, *service, p.Title, reg.History(*service), render.Format(*format))
	}
	return render.Policy(e.stdout, p, render.Format(*format))
}

func pickVersion(reg *policy.Registry, service, version string) (*policy.Policy, error) {
	if version == "" {
		ds := reg.Declared(service)
		if len(ds) == 0 {
			return nil, fmt.Errorf("no policy declared for service %q (known: %v)", service, reg.Services())
		}
		return ds[len(ds)-1], nil
	}
	p, ok := reg.Version(service, version)
	if !ok {
		return nil, fmt.Errorf("service %q has no declared version %q", service, version)
	}
	return p, nil
}

func policyDiff(e env, args []string) error {
	fs := newFlags("policy diff", e)
	service := fs.String("service", "", "service ID (required)")
	dir := fs.String("policies", "", "folder of declarations (default: the embedded ones)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *service == "" || fs.NArg() != 2 {
		return exitError{2, "usage: jikimi policy diff --service ID V1 V2"}
	}
	reg, err := loadPolicies(*dir)
	if err != nil {
		return err
	}
	var vs [2]*policy.Policy
	for i, v := range fs.Args() {
		if vs[i], err = pickVersion(reg, *service, v); err != nil {
			return err
		}
	}
	printDiff(e, policy.Compare(vs[0], vs[1]), fs.Arg(0), fs.Arg(1))
	return nil
}

func printDiff(e env, d policy.Diff, v1, v2 string) {
	fmt.Fprintf(e.stdout, "changes from %s to %s:\n", v1, v2)
	if len(d.Changes) == 0 {
		fmt.Fprintln(e.stdout, "  none")
	}
	for _, c := range d.Changes {
		fmt.Fprintln(e.stdout, "  "+c.String())
	}
	fmt.Fprintln(e.stdout, "consents made insufficient:")
	if len(d.Reconsent) == 0 {
		fmt.Fprintln(e.stdout, "  none")
	}
	for _, r := range d.Reconsent {
		fmt.Fprintf(e.stdout, "  %s: %s\n", r.Scope, r.Reason)
	}
}
