package main

import (
	"os"
	"strings"
	"testing"
)

// envOf is a getenv over vars.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// configShown runs jikimi config and returns each setting's printed line
// (after its name) by name.
func configShown(t *testing.T, vars map[string]string, args ...string) map[string]string {
	t.Helper()
	out, _, err := runCmdEnv(t, envOf(vars), append([]string{"config"}, args...)...)
	if err != nil {
		t.Fatalf("config %v: %v", args, err)
	}
	shown := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, value, _ := strings.Cut(line, " ")
		shown[name] = strings.TrimSpace(value)
	}
	return shown
}

// A wrong value is refused with exit status 2 and a message naming its
// flag, and its variable when it came from the environment; by every
// command that takes the setting.
func TestConfigWrongValueNamesTheFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want []string
	}{
		{"log format", nil, []string{"config", "--log-format", "yaml"}, []string{"--log-format", "yaml"}},
		{"log level", nil, []string{"config", "--log-level", "loud"}, []string{"--log-level", "loud"}},
		{"log level from the environment", map[string]string{"JIKIMI_LOG_LEVEL": "loud"}, []string{"config"}, []string{"--log-level (from JIKIMI_LOG_LEVEL)", "loud"}},
		{"public url", nil, []string{"config", "--public-url", "ftp://x.example"}, []string{"--public-url"}},
		{"public url from the environment", map[string]string{"JIKIMI_PUBLIC_URL": "www.x.example"}, []string{"config"}, []string{"--public-url (from JIKIMI_PUBLIC_URL)"}},
		{"metrics address", nil, []string{"config", "--metrics-addr", "9464"}, []string{"--metrics-addr", "HOST:PORT"}},
		{"metrics address from the environment", map[string]string{"JIKIMI_METRICS_ADDR": "nowhere"}, []string{"config"}, []string{"--metrics-addr (from JIKIMI_METRICS_ADDR)"}},
		{"listening address", nil, []string{"config", "--addr", "localhost"}, []string{"--addr"}},
		{"certificate without key", nil, []string{"config", "--tls-cert", "c.pem"}, []string{"--tls-cert", "--tls-key"}},
		{"missing key file", nil, []string{"config", "--tls-cert", dir, "--tls-key", dir + "/none.pem"}, []string{"--tls-key", "no such file"}},
		{"connector", nil, []string{"config", "--connector", "identity"}, []string{"-connector"}},
		{"migrate", nil, []string{"config", "--migrate=maybe"}, []string{"-migrate"}},
		{"serve", nil, []string{"serve", "--data", dir, "--log-format", "xml"}, []string{"--log-format"}},
		{"a system command", map[string]string{"JIKIMI_LOG_FORMAT": "xml"}, []string{"staff", "history", "--data", dir, "--account", "stf_x"}, []string{"--log-format (from JIKIMI_LOG_FORMAT)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCmdEnv(t, envOf(tt.vars), tt.args...)
			if exitStatus(err) != 2 {
				t.Fatalf("exit %d (%v), want 2", exitStatus(err), err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error()+stderr, w) {
					t.Fatalf("%q does not name %q", err.Error()+stderr, w)
				}
			}
		})
	}
}

// A flag wins over its environment variable, which wins over the default;
// jikimi config says which gave each value.
func TestConfigFlagBeatsEnvironmentBeatsDefault(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		"JIKIMI_KEYRING": "/env/keyring.json", "JIKIMI_METRICS_ADDR": "127.0.0.1:9464",
		"JIKIMI_LOG_LEVEL": "warn", "JIKIMI_AUDIT_KEYS": "/env/audit-keys",
	}
	shown := configShown(t, vars, "--keyring", "/flag/keyring.json", "--log-level", "debug")
	for name, want := range map[string]string{
		"keyring":      "/flag/keyring.json  (flag)",
		"log-level":    "debug  (flag)",
		"metrics-addr": "127.0.0.1:9464  (JIKIMI_METRICS_ADDR)",
		"audit-keys":   "/env/audit-keys  (JIKIMI_AUDIT_KEYS)",
		"log-format":   "text",
		"addr":         "127.0.0.1:8080",
		"data":         "./jikimi-data",
		"public-url":   "http://127.0.0.1:8080",
	} {
		if shown[name] != want {
			t.Errorf("%s: %q, want %q", name, shown[name], want)
		}
	}

	// The same precedence in the Config a command works with.
	fs := newFlags("test", env{getenv: noEnv, stderr: os.Stderr})
	cfg := addConfig(fs, env{getenv: envOf(vars)}, serveScope)
	if err := cfg.parse(fs, []string{"--metrics-addr", "127.0.0.1:0"}); err != nil {
		t.Fatal(err)
	}
	if cfg.MetricsAddr != "127.0.0.1:0" || cfg.Keyring != "/env/keyring.json" || cfg.LogLevel != "warn" || cfg.LogFormat != "text" {
		t.Fatalf("config %+v", cfg)
	}
}

// No secret is printed: not the database password (in the DSN's user
// part, its query, or a key=value DSN), not a connector URL's password,
// not by jikimi config and not as a default by --help.
func TestConfigNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	for _, dsn := range []string{
		"postgres://jikimi:s3cret-pw@db:5432/jikimi?sslmode=disable",
		"postgres://db:5432/jikimi?user=jikimi&password=s3cret-pw",
		"host=db user=jikimi password=s3cret-pw dbname=jikimi",
	} {
		vars := map[string]string{"JIKIMI_DB": dsn, "JIKIMI_STAFF_PASSWORD": "s3cret-pw", "JIKIMI_STAFF_TOKEN": "s3cret-pw"}
		for _, args := range [][]string{
			{"config"},
			{"config", "--db", dsn},
			{"config", "--connector", "identity=https://jikimi:s3cret-pw@id.example"},
			{"serve", "--help"},
			{"migrate", "--help"},
			{"rights", "queue", "--help"},
		} {
			out, stderr, err := runCmdEnv(t, envOf(vars), args...)
			if err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			if all := out + stderr; strings.Contains(all, "s3cret-pw") {
				t.Fatalf("%v with JIKIMI_DB=%s printed the password:\n%s", args, dsn, all)
			}
		}
	}
	shown := configShown(t, map[string]string{"JIKIMI_DB": "postgres://jikimi:s3cret-pw@db:5432/jikimi"})
	if shown["db"] != "postgres://jikimi:REDACTED@db:5432/jikimi  (JIKIMI_DB)" {
		t.Fatalf("db shown as %q", shown["db"])
	}
}

// docs/operations.md lists every flag and environment variable of the
// configuration.
func TestOperationsDocListsConfig(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(flagNames(), envNames()...) {
		if !strings.Contains(string(b), name+" ") && !strings.Contains(string(b), name+"`") {
			t.Errorf("docs/operations.md does not list %s", name)
		}
	}
}
