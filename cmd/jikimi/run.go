package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// exitError ends the program with a status; msg may be empty when the
// command already printed what went wrong.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func exitCode(err error) int {
	var ex exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 1
}

// env is what every command receives from the outside world.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	stdin          *bufio.Reader // nil: the process's standard input
}

// input is standard input, read a line at a time.
func (e env) input() *bufio.Reader {
	if e.stdin == nil {
		return bufio.NewReader(os.Stdin)
	}
	return e.stdin
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "start the HTTP server", runServe},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"policy", "lint, render and diff policy declarations", runPolicy},
		{"demo", "print the demo logins (after serve --demo)", runDemo},
		{"audit", "verify, prove and inspect the access log", runAudit},
		{"witness", "cosign another institution's access-log checkpoints (witness serve)", runWitness},
		{"staff", "staff accounts: create, grant, revoke, unlock, disable, history", runStaff},
		{"citizen", "citizen logins: unlock after too many failed logins", runCitizen},
		{"newsletter", "send an issue of the 복지로 newsletter to every subscriber", runNewsletter},
		{"shipments", "the watches waiting to be shipped, with their delivery addresses (health-operator)", runShipments},
		{"retention", "destruction runs, plans, approvals and records", runRetention},
		{"jobs", "the background jobs (River): list, retry, cancel", runJobs},
		{"config", "print the configuration from flags and environment (secrets redacted)", runConfig},
		{"rights", "data-subject rights requests: file, queue, open, answer, extend, refuse (privacy officer)", runRights},
		{"openapi", "write the OpenAPI document the server serves", runOpenAPI},
		{"simulate", "the compliance simulator: synthetic people through both services on a simulated clock", runSimulate},
	}
}

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr, stdin: bufio.NewReader(os.Stdin)}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "version" {
		fmt.Fprintln(stdout, version())
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			var ex exitError
			switch {
			case errors.Is(err, flag.ErrHelp):
				return nil // the flag package printed the usage
			case helpAsked(args[1:]) && errors.As(err, &ex) && ex.code == 2:
				fmt.Fprintln(stdout, ex.msg) // a command's own usage
				return nil
			}
			return err
		}
	}
	usage(stderr)
	return exitError{2, fmt.Sprintf("unknown command %q", args[0])}
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("usage: jikimi COMMAND [flags]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nEvery command that touches storage takes --data DIR (embedded SQLite, default ./jikimi-data) or --db postgres://...\n")
	io.WriteString(w, b.String())
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("jikimi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// helpAsked says whether args ask for help.
func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" || a == "help" {
			return true
		}
	}
	return false
}
