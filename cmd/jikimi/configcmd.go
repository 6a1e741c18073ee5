package main

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// runConfig prints the configuration the flags and environment give, as
// the other commands would read it, with the database password redacted.
func runConfig(_ context.Context, e env, args []string) error {
	fs := newFlags("config", e)
	af := addAppFlags(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := af.log.validate(); err != nil {
		return err
	}
	public, err := checkPublicURL(af.publicURL)
	if err != nil {
		return err
	}
	conns := make([]string, 0, len(af.connectors))
	for name, u := range af.connectors {
		conns = append(conns, name+"="+u)
	}
	sort.Strings(conns)
	for _, kv := range [][2]string{
		{"data", af.store.data}, {"db", redactDSN(af.store.db)}, {"migrate", fmt.Sprint(af.store.migrate)},
		{"keyring", af.keyringPath()}, {"audit-keys", af.auditKeys}, {"policies", orDefault(af.policies, "(embedded)")},
		{"connector", strings.Join(conns, ",")}, {"log-format", af.log.format}, {"log-level", af.log.level}, {"public-url", public},
	} {
		fmt.Fprintf(e.stdout, "%-11s %s\n", kv[0], kv[1])
	}
	return nil
}

// redactDSN hides a DSN's password: the DSN is a secret's carrier.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable: not shown)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "REDACTED")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "REDACTED")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
