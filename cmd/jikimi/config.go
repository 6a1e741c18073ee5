package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
)

// Config is the configuration of every command that touches the system:
// one struct, built from flags and JIKIMI_* environment variables (a flag
// wins over its variable, which wins over the default), validated once when
// the command's flags are parsed (a wrong value is refused with exit status
// 2, naming its flag), and printed with its secrets redacted by
// `jikimi config`. A command's own flags (staff --login, ...) stand beside it.
type Config struct {
	// Storage: every command that opens the database.
	Data    string // folder of the embedded SQLite database
	DB      string // PostgreSQL DSN, overriding Data; a secret (it may hold a password)
	Migrate bool   // migrate an outdated schema before starting

	// System: every command that runs the system.
	Keyring    string        // keyring file; "" is keyring.json in Data (keyringPath)
	AuditKeys  string        // the access log's keys folder; "" is audit-keys in Data (auditKeysDir)
	Policies   string        // folder of declarations; "" is the embedded ones
	Connectors connectorFlag // outside systems' addresses by name
	LogFormat  string        // text or json
	LogLevel   string        // debug, info, warn or error
	PublicURL  string        // the portal's public address; after validation never empty

	// Serving: serve only.
	Addr        string // HOST:PORT to listen on
	MetricsAddr string // HOST:PORT of /metrics; "" is not served
	Demo        bool   // seed the demo content
	TLSCert     string // PEM certificate (chain) file, with TLSKey
	TLSKey      string // PEM private key of TLSCert

	scope     scope
	getenv    func(string) string
	source    map[string]string // flag name -> "flag" or its variable, for the settings not left at their default
	progress  io.Writer         // a line per migration applied (progress: only on a terminal)
	create    bool              // the command may create the Data folder (serve, migrate --create, simulate)
	keysApart bool              // refuse audit keys in the data folder (serve without --demo)
}

// scope is how much of the configuration a command takes: each scope
// takes the ones before it too.
type scope int

const (
	storageScope scope = iota // migrate, jobs
	systemScope               // every command that runs the system
	serveScope                // serve (and config, which prints it all)
)

// option is one setting of Config: its flag, its environment variable,
// its default, and whether it is a secret (never printed, never the
// default shown by --help).
type option struct {
	flag, env string
	scope     scope
	def       string
	usage     string
	secret    bool
	field     func(c *Config) flag.Value
}

// options are every setting, in the order `jikimi config` prints them.
// docs/operations.md lists each flag and variable (TestOperationsDocListsConfig).
var options = []option{
	{flag: "data", scope: storageScope, def: "./jikimi-data", usage: "folder of the embedded SQLite database",
		field: func(c *Config) flag.Value { return (*text)(&c.Data) }},
	{flag: "db", env: "JIKIMI_DB", scope: storageScope, secret: true, usage: "PostgreSQL DSN (postgres://...); overrides --data",
		field: func(c *Config) flag.Value { return (*text)(&c.DB) }},
	{flag: "migrate", scope: storageScope, def: "false", usage: "migrate an outdated database schema before starting",
		field: func(c *Config) flag.Value { return (*toggle)(&c.Migrate) }},
	{flag: "keyring", env: "JIKIMI_KEYRING", scope: systemScope, usage: "keyring file (default: keyring.json in the data folder; created on first start)",
		field: func(c *Config) flag.Value { return (*text)(&c.Keyring) }},
	{flag: "audit-keys", env: "JIKIMI_AUDIT_KEYS", scope: systemScope, usage: "folder of the access log's signing key, trusted keys and published checkpoint, apart from the data (default: audit-keys in the data folder, allowed with --demo only)",
		field: func(c *Config) flag.Value { return (*text)(&c.AuditKeys) }},
	{flag: "policies", scope: systemScope, usage: "folder of declarations (default: the embedded ones)",
		field: func(c *Config) flag.Value { return (*text)(&c.Policies) }},
	{flag: "connector", scope: systemScope, usage: "NAME=URL of an outside system (repeatable; default: its loopback simulator)",
		field: func(c *Config) flag.Value { return c.Connectors }},
	{flag: "log-format", env: "JIKIMI_LOG_FORMAT", scope: systemScope, def: "text", usage: "log format: text or json",
		field: func(c *Config) flag.Value { return (*text)(&c.LogFormat) }},
	{flag: "log-level", env: "JIKIMI_LOG_LEVEL", scope: systemScope, def: "info", usage: "least level logged: debug, info, warn or error",
		field: func(c *Config) flag.Value { return (*text)(&c.LogLevel) }},
	{flag: "public-url", env: "JIKIMI_PUBLIC_URL", scope: systemScope, usage: "the portal's public address, which links in mails point at (default: http://127.0.0.1:8080, or serve's --addr)",
		field: func(c *Config) flag.Value { return (*text)(&c.PublicURL) }},
	{flag: "addr", scope: serveScope, def: "127.0.0.1:8080", usage: "HOST:PORT to listen on (port 0 picks a free one)",
		field: func(c *Config) flag.Value { return (*text)(&c.Addr) }},
	{flag: "metrics-addr", env: "JIKIMI_METRICS_ADDR", scope: serveScope, usage: "HOST:PORT to serve /metrics on, apart from --addr (default: not served; e.g. 127.0.0.1:9464)",
		field: func(c *Config) flag.Value { return (*text)(&c.MetricsAddr) }},
	{flag: "demo", scope: serveScope, def: "false", usage: "seed synthetic demo people and staff on first start (see `jikimi demo credentials`)",
		field: func(c *Config) flag.Value { return (*toggle)(&c.Demo) }},
	{flag: "tls-cert", env: "JIKIMI_TLS_CERT", scope: serveScope, usage: "serve HTTPS with this PEM certificate (chain) file, with --tls-key",
		field: func(c *Config) flag.Value { return (*text)(&c.TLSCert) }},
	{flag: "tls-key", env: "JIKIMI_TLS_KEY", scope: serveScope, usage: "the PEM private key of --tls-cert",
		field: func(c *Config) flag.Value { return (*text)(&c.TLSKey) }},
}

// addConfig defines the flags of the settings up to scope s on fs, with
// their defaults; parse fills in the environment and validates.
func addConfig(fs *flag.FlagSet, e env, s scope) *Config {
	c := &Config{Connectors: connectorFlag{}, scope: s, getenv: e.getenv, progress: progress(e)}
	for _, o := range options {
		if o.scope > s {
			continue
		}
		v := o.field(c)
		if o.def != "" {
			_ = v.Set(o.def) // the defaults are valid
		}
		usage := o.usage
		if o.env != "" {
			usage += " (env " + o.env + ")"
		}
		fs.Var(v, o.flag, usage)
	}
	return c
}

// parse parses args with fs, then takes each setting the flags did not
// give from its environment variable, and validates the whole.
func (c *Config) parse(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	return c.complete(fs)
}

// complete fills in the environment for the settings fs was not given and
// validates; parse calls it (parseAll's callers call it themselves).
func (c *Config) complete(fs *flag.FlagSet) error {
	c.source = map[string]string{}
	fs.Visit(func(f *flag.Flag) { c.source[f.Name] = "flag" })
	for _, o := range c.options() {
		if o.env == "" || c.source[o.flag] != "" {
			continue
		}
		if v := c.getenv(o.env); v != "" {
			if err := o.field(c).Set(v); err != nil {
				return usageError("--%s (from %s): %v", o.flag, o.env, err)
			}
			c.source[o.flag] = o.env
		}
	}
	return c.validate()
}

// options are the settings of c's scope.
func (c *Config) options() []option {
	var in []option
	for _, o := range options {
		if o.scope <= c.scope {
			in = append(in, o)
		}
	}
	return in
}

// validate refuses a wrong value, naming its flag (and its variable when
// the value came from one), and settles what follows from the others
// (serve's public URL, data folder and audit keys).
func (c *Config) validate() error {
	if c.scope < systemScope {
		return nil
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c.wrong("log-format", "want text or json, got %q", c.LogFormat)
	}
	if _, ok := logLevel(c.LogLevel); !ok {
		return c.wrong("log-level", "want debug, info, warn or error, got %q", c.LogLevel)
	}
	if c.scope == serveScope {
		if err := c.validateServe(); err != nil {
			return err
		}
	}
	public, err := checkPublicURL(c.PublicURL)
	if err != nil {
		return c.wrong("public-url", "%v", err)
	}
	c.PublicURL = public
	return nil
}

// validateServe checks serve's own settings.
func (c *Config) validateServe() error {
	for _, a := range [][2]string{{"addr", c.Addr}, {"metrics-addr", c.MetricsAddr}} {
		if _, _, err := net.SplitHostPort(a[1]); a[1] != "" && err != nil {
			return c.wrong(a[0], "want HOST:PORT (such as 127.0.0.1:9464), got %q", a[1])
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return usageError("--tls-cert and --tls-key go together: give both PEM files, or neither")
	}
	for _, f := range [][2]string{{"tls-cert", c.TLSCert}, {"tls-key", c.TLSKey}} {
		if _, err := os.Stat(f[1]); f[1] != "" && err != nil {
			return c.wrong(f[0], "%s: no such file", f[1])
		}
	}
	if c.PublicURL == "" {
		c.PublicURL = listeningURL(c.Addr, c.TLSCert != "")
	}
	c.create, c.keysApart = true, !c.Demo
	return nil
}

// wrong is a usage error about one setting: "--flag: ...", or
// "--flag (from JIKIMI_...): ..." when the value came from the environment.
func (c *Config) wrong(name, format string, args ...any) error {
	from := ""
	if src := c.source[name]; src != "" && src != "flag" {
		from = " (from " + src + ")"
	}
	return usageError("--%s%s: %s", name, from, fmt.Sprintf(format, args...))
}

// shown is a setting's value as `jikimi config` prints it, a secret
// redacted, and where it came from when not from the default.
func (c *Config) shown(o option) string {
	v := o.field(c).String()
	switch {
	case o.secret && v != "":
		v = redactURL(v)
	case o.flag == "keyring":
		v = c.keyringPath()
	case o.flag == "audit-keys":
		v = c.auditKeysDir()
	case o.flag == "policies" && v == "":
		v = "(embedded)"
	}
	if src := c.source[o.flag]; src != "" {
		v += "  (" + src + ")"
	}
	return v
}

// text is a string setting.
type text string

func (t *text) Set(s string) error { *t = text(s); return nil }
func (t *text) String() string {
	if t == nil {
		return ""
	}
	return string(*t)
}

// toggle is a boolean setting.
type toggle bool

func (b *toggle) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", s)
	}
	*b = toggle(v)
	return nil
}

func (b *toggle) String() string {
	if b == nil {
		return "false"
	}
	return strconv.FormatBool(bool(*b))
}

func (b *toggle) IsBoolFlag() bool { return true }

// envNames are the environment variables the configuration reads, and
// the staff CLI's credentials (read by the rights commands, never a flag).
func envNames() []string {
	names := []string{"JIKIMI_STAFF_PASSWORD", "JIKIMI_STAFF_TOKEN"}
	for _, o := range options {
		if o.env != "" {
			names = append(names, o.env)
		}
	}
	return names
}

// flagNames are the configuration's flags.
func flagNames() []string {
	var names []string
	for _, o := range options {
		names = append(names, "--"+o.flag)
	}
	return names
}
