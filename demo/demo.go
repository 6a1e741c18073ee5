// Package demo seeds a fresh installation with obviously synthetic people
// and staff, so anyone can try the product at once, and keeps their
// credentials in a file only the operator can read.
//
// It must never seed an installation that already holds data it did not
// seed, never invent a person who could be mistaken for a real one (names
// carry 가상, numbers are all zeros), and never reach personal data except
// through the gate.
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/devices"
	"jikimi/jobs"
	"jikimi/staff"
	"jikimi/store"
	"jikimi/vault"
)

// Credentials are the demo logins, written once at seeding.
type Credentials struct {
	Staff    []StaffLogin `json:"staff"`
	Citizens []Citizen    `json:"citizens"`
}

// StaffLogin is one demo staff account with its one-time secrets.
type StaffLogin struct {
	Label      string `json:"label"`
	Login      string `json:"login"`
	Password   string `json:"password"`
	TOTPSecret string `json:"totp_secret"`
	TOTPURI    string `json:"totp_uri"`
	Role       string `json:"role"`
	AccountID  string `json:"account_id"`
}

// Citizen is one demo data subject, with a login and a watch's device
// token when seeded with one.
type Citizen struct {
	Label       string `json:"label"`
	Service     string `json:"service"`
	Subject     string `json:"subject"`
	Login       string `json:"login,omitempty"`
	Password    string `json:"password,omitempty"`
	DeviceID    string `json:"device_id,omitempty"`
	DeviceToken string `json:"device_token,omitempty"`
}

// Deps are what seeding uses. Without Accounts and Devices no citizen
// gets a login or a watch.
type Deps struct {
	Vault    *vault.Vault
	Staff    *staff.Service
	Clock    clock.Clock // when set, the statistics cohort is seeded, dated from its today (demo/stats.go)
	Accounts *citizen.Accounts
	Devices  *devices.Registry
	SQL      store.SQL   // with Clock, Accounts and Jobs: a Bokjiro member who logs in and gets welfare alerts (demo/bokjiro.go)
	Jobs     *jobs.Queue // the alerts' queue (seeding inserts no job)
}

// Seed creates the demo people and staff unless path already exists, and
// writes their credentials to path (mode 0600). It returns what path holds.
func Seed(ctx context.Context, d Deps, path string) (*Credentials, error) {
	if c, err := Load(path); err == nil {
		return c, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var c Credentials
	if err := seedStaff(ctx, d.Staff, &c); err != nil {
		return nil, err
	}
	if err := seedCitizens(ctx, d.Vault, &c); err != nil {
		return nil, err
	}
	if d.Clock != nil {
		if err := seedCohort(ctx, d.Vault, d.Clock.Now()); err != nil {
			return nil, err
		}
	}
	if err := seedParticipantLogin(ctx, d, &c); err != nil {
		return nil, err
	}
	if err := seedBokjiro(ctx, d, &c); err != nil {
		return nil, err
	}
	return &c, write(path, &c)
}

// Load reads the credentials file.
func Load(path string) (*Credentials, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "demo credentials %s: corrupted", path)
	}
	return &c, nil
}

func write(path string, c *Credentials) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// Print writes the credentials for a person to read.
func (c *Credentials) Print(w io.Writer) {
	fmt.Fprintln(w, "Demo staff (synthetic; change nothing real with them):")
	for _, s := range c.Staff {
		fmt.Fprintf(w, "  %-16s login %-14s password %s  role %s\n", s.Label, s.Login, s.Password, s.Role)
		fmt.Fprintf(w, "  %-16s TOTP secret %s (%s)\n", "", s.TOTPSecret, s.TOTPURI)
	}
	fmt.Fprintln(w, "  Sign in: POST /api/v1/staff/session {login, password, code}; `jikimi demo code LOGIN` prints the current code.")
	fmt.Fprintln(w, "Demo citizens (synthetic data subjects):")
	for _, p := range c.Citizens {
		fmt.Fprintf(w, "  %-16s %-17s subject %s\n", p.Label, p.Service, p.Subject)
		if p.Login != "" {
			fmt.Fprintf(w, "  %-16s login %-14s password %s\n", "", p.Login, p.Password)
		}
		if p.DeviceToken != "" {
			fmt.Fprintf(w, "  %-16s watch %s device token %s\n", "", p.DeviceID, p.DeviceToken)
		}
	}
}
