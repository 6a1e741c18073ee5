package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jikimi/audit"
	"jikimi/audit/witness"
	"jikimi/clock"
	"jikimi/keys"
	"jikimi/store"
)

// The access log's trust lives in its own folder (--audit-keys), apart from
// the database and the data keys, so that whoever holds the data folder
// cannot sign a rewritten log:
//
//	signing.key           the log's signing key (note private key form, 0600)
//	trusted.keys          the keys whose checkpoints verify, with their periods
//	published-checkpoint  the last checkpoint the log published, which the
//	                      database must extend at every start
//	witnesses             optional: one "URL VERIFIER-KEY" a line
const (
	signingKeyFile  = "signing.key"
	trustedKeysFile = "trusted.keys"
	publishedFile   = "published-checkpoint"
	witnessesFile   = "witnesses"
)

func (c *Config) auditKeysDir() string {
	if c.AuditKeys != "" {
		return c.AuditKeys
	}
	return filepath.Join(c.Data, "audit-keys")
}

// checkAuditKeysApart refuses, when keysApart, an audit-keys folder inside
// the data folder or beside the keyring.
func (c *Config) checkAuditKeysApart() error {
	if !c.keysApart {
		return nil
	}
	dir, err := filepath.Abs(c.auditKeysDir())
	if err != nil {
		return err
	}
	for _, other := range []string{c.Data, filepath.Dir(c.keyringPath())} {
		o, err := filepath.Abs(other)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(o, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Errorf("refusing to start: the access log's signing key would sit in %s, with the data or the data keys; name a folder of its own with --audit-keys DIR (or JIKIMI_AUDIT_KEYS), or pass --demo", o)
		}
	}
	return nil
}

// auditKeys is what the audit-keys folder holds.
type auditKeys struct {
	dir       string
	signer    *audit.SigningKey
	trust     *audit.Trust
	witnesses []audit.Witness
}

func (k *auditKeys) options() audit.Options {
	return audit.Options{Signer: k.signer, Trust: k.trust, State: filepath.Join(k.dir, publishedFile), Witnesses: k.witnesses}
}

// loadAuditKeys reads the folder, creating its signing key and trust list
// on first use. The keyring's older access-log key is then trusted until
// now if the log holds checkpoints it signed, so they still verify.
func loadAuditKeys(ctx context.Context, dir string, sql store.SQL, ring *keys.Keyring, clk clock.Clock) (*auditKeys, error) {
	b, err := os.ReadFile(filepath.Join(dir, signingKeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return createAuditKeys(ctx, dir, sql, ring, clk)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: read the signing key: %w", err)
	}
	k := &auditKeys{dir: dir}
	if k.signer, err = audit.ParseSigningKey(b); err != nil {
		return nil, err
	}
	if k.trust, err = readTrust(filepath.Join(dir, trustedKeysFile)); err != nil {
		return nil, err
	}
	k.witnesses, err = readWitnesses(filepath.Join(dir, witnessesFile))
	return k, err
}

func createAuditKeys(ctx context.Context, dir string, sql store.SQL, ring *keys.Keyring, clk clock.Clock) (*auditKeys, error) {
	k := &auditKeys{dir: dir, trust: &audit.Trust{}}
	var err error
	if k.signer, err = audit.GenerateSigningKey(rand.Reader); err != nil {
		return nil, err
	}
	now := clk.Now().Truncate(time.Second)
	if legacy, err := audit.New(sql, ring.SigningKey(), clk).Latest(ctx); err != nil {
		return nil, err
	} else if legacy != nil {
		old, _ := audit.SigningKeyFrom(ring.SigningKey())
		if err := k.trust.Add(old.VKey, time.Time{}, now.Add(time.Second)); err != nil {
			return nil, err
		}
	}
	if err := k.trust.Add(k.signer.VKey, now, time.Time{}); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, trustedKeysFile), k.trust.Marshal(), 0o644); err != nil {
		return nil, err
	}
	return k, writeFileAtomic(filepath.Join(dir, signingKeyFile), k.signer.Marshal(), 0o600)
}

func readTrust(path string) (*audit.Trust, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read the trusted keys: %w", err)
	}
	return audit.ParseTrust(b)
}

// readWitnesses reads "URL VERIFIER-KEY" lines; no file is no witnesses.
func readWitnesses(path string) ([]audit.Witness, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ws []audit.Witness
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("audit: %s line %d: want URL VERIFIER-KEY", path, n)
		}
		w, err := witness.NewClient(f[0], f[1], nil)
		if err != nil {
			return nil, fmt.Errorf("audit: %s line %d: %w", path, n, err)
		}
		ws = append(ws, w)
	}
	return ws, sc.Err()
}

// writeFileAtomic writes by a rename, so a crash leaves the old file or the new one.
func writeFileAtomic(path string, b []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// rotateAuditKey makes a new signing key: the old key's period ends now and
// the new one's starts, so checkpoints signed so far still verify.
func rotateAuditKey(dir string, clk clock.Clock) (*audit.SigningKey, error) {
	trust, err := readTrust(filepath.Join(dir, trustedKeysFile))
	if err != nil {
		return nil, err
	}
	k, err := audit.GenerateSigningKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	now := clk.Now().Truncate(time.Second)
	trust.End(now.Add(time.Second))
	if err := trust.Add(k.VKey, now, time.Time{}); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, trustedKeysFile), trust.Marshal(), 0o644); err != nil {
		return nil, err
	}
	return k, writeFileAtomic(filepath.Join(dir, signingKeyFile), k.Marshal(), 0o600)
}
