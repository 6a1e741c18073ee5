package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// jikimi --help and every COMMAND --help exit 0 with a usage.
func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, "--help")
	if err != nil || !strings.Contains(out, "usage: jikimi COMMAND") {
		t.Fatalf("--help: %v\n%s", err, out)
	}
	for _, c := range commands() {
		out, errOut, err := runCmd(t, c.name, "--help")
		if err != nil || !strings.Contains(strings.ToLower(out+errOut), "usage") {
			t.Errorf("%s --help: exit %d (%v)\n%s%s", c.name, exitStatus(err), err, out, errOut)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, "--version")
	if err != nil || !strings.HasPrefix(out, "jikimi ") || !strings.Contains(out, "go1.") {
		t.Fatalf("--version: %v %q", err, out)
	}
}

// Flags are taken before or after positional arguments; a bool flag takes
// no value; "--" ends the flags.
func TestFlagsAfterPositionalArguments(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args       []string
		data       string
		demo       bool
		positional []string
	}{
		"after":    {[]string{"code", "LOGIN", "--data", "D"}, "D", false, []string{"code", "LOGIN"}},
		"before":   {[]string{"--data=D", "code", "LOGIN"}, "D", false, []string{"code", "LOGIN"}},
		"bool":     {[]string{"code", "--demo", "LOGIN"}, "", true, []string{"code", "LOGIN"}},
		"dashdash": {[]string{"code", "--", "--data"}, "", false, []string{"code", "--data"}},
	} {
		t.Run(name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			data, demo := fs.String("data", "", ""), fs.Bool("demo", false, "")
			if err := parse(fs, tc.args); err != nil {
				t.Fatal(err)
			}
			if *data != tc.data || *demo != tc.demo || !slices.Equal(fs.Args(), tc.positional) {
				t.Fatalf("data %q demo %v args %q", *data, *demo, fs.Args())
			}
		})
	}
}

// A --data folder that does not exist is refused, naming the flag, by a
// command that does not create one; migrate --create creates it.
func TestMissingDataFolderRefused(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	for _, args := range [][]string{{"jobs", "list", "--data", missing}, {"migrate", "--data", missing}, {"retention", "plans", "--data", missing}} {
		_, _, err := runCmd(t, args...)
		if exitStatus(err) != 2 || !strings.Contains(err.Error(), "--data") {
			t.Fatalf("%v: %v", args, err)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Fatalf("%v created the folder", args)
		}
	}
	if out, _, err := runCmd(t, "migrate", "--create", "--data", missing); err != nil || !strings.Contains(out, "schema at version") {
		t.Fatalf("migrate --create: %v %s", err, out)
	}
}

// jikimi jobs lists the jobs the server ran (the periodic ones run at
// start), retries and cancels one by ID; a wrong value names its flag.
func TestJobsCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--audit-keys", t.TempDir())
	var out string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if out, _, _ = runCmd(t, "jobs", "list", "--data", data, "--state", "completed"); strings.Contains(out, "retention.run") {
			break
		}
	}
	s.stop(t)
	m := regexp.MustCompile(`(?m)^(\d+)\s+retention\.run\s+completed`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no completed retention.run job:\n%s", out)
	}
	if out, _, err := runCmd(t, "jobs", "retry", m[1], "--data", data); err != nil || !strings.Contains(out, "available") {
		t.Fatalf("retry: %v %s", err, out)
	}
	if out, _, err := runCmd(t, "jobs", "cancel", m[1], "--data", data); err != nil || !strings.Contains(out, "cancelled") {
		t.Fatalf("cancel: %v %s", err, out)
	}
	for _, args := range [][]string{{"retry", "x"}, {"list", "--state", "bogus"}, {"list", "--limit", "0"}, {"cancel", "999999"}} {
		_, _, err := runCmd(t, append(append([]string{"jobs"}, args...), "--data", data)...)
		if want := map[bool]int{true: 1, false: 2}[args[1] == "999999"]; exitStatus(err) != want {
			t.Errorf("jobs %v: exit %d (%v), want %d", args, exitStatus(err), err, want)
		}
	}
}

// serve --tls-cert/--tls-key serves HTTPS; one without the other is
// refused, naming the flags.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	if _, _, err := runCmd(t, "serve", "--data", t.TempDir(), "--tls-cert", cert); exitStatus(err) != 2 || !strings.Contains(err.Error(), "--tls-key") {
		t.Fatalf("cert without key: %v", err)
	}
	s := startServe(t, "--data", t.TempDir(), "--tls-cert", cert, "--tls-key", keyFile)
	if !strings.HasPrefix(s.url, "https://") {
		t.Fatalf("listening on %s", s.url)
	}
	pool := x509.NewCertPool()
	pool.AddCert(mustParse(t, der))
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := c.Get(s.url + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /healthz over TLS: %v", err)
	}
	res.Body.Close()
}

func mustParse(t *testing.T, der []byte) *x509.Certificate {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// jikimi config prints the settings from flags and environment, never the
// database password.
func TestConfigRedactsTheDSNPassword(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	env := func(k string) string {
		return map[string]string{"JIKIMI_DB": "postgres://jikimi:s3cret-pw@db:5432/jikimi?sslmode=disable", "JIKIMI_LOG_LEVEL": "warn"}[k]
	}
	if err := run(t.Context(), []string{"config", "--keyring", "/keys/k.json"}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REDACTED", "db:5432", "/keys/k.json", "log-level    warn"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("config lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "s3cret-pw") {
		t.Fatalf("config printed the password:\n%s", out.String())
	}
	if _, _, err := runCmd(t, "config", "--log-format", "yaml"); exitStatus(err) != 2 || !strings.Contains(err.Error(), "--log-format") {
		t.Fatalf("a wrong value: %v", err)
	}
}
