package citizen

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/password"
	"jikimi/store"
	"jikimi/vault"
)

// Config wires Accounts.
type Config struct {
	Vault       *vault.Vault
	SQL         store.SQL
	Clock       clock.Clock
	Hasher      *password.Hasher
	MaxFailures int // consecutive failed logins that lock an account; 0: 5
	// FirstLock is how long the first lock lasts; each lock after it, on
	// failures once it expired, lasts twice the one before, up to MaxLock.
	// 0: 1 minute and 24 hours.
	FirstLock, MaxLock time.Duration
	// SourceFailures failed logins from one address within SourceWindow
	// refuse further attempts from it until the window passes, whatever
	// the login: guessing across many accounts. 0: 20 in 10 minutes.
	SourceFailures int
	SourceWindow   time.Duration
	// Locked, when set, tells the account holder that their account was
	// locked, and until when (a text message through the service's own
	// contact item). It logs its own failure: a notice never fails a login.
	Locked      func(ctx context.Context, service, subject string, until time.Time)
	Lifetime    time.Duration // how long a session lasts at most; 0: 12 hours
	IdleTimeout time.Duration // a session unused this long ends; 0: 30 minutes
	Rand        io.Reader     // crypto/rand.Reader when nil
}

// Item is the item of a service's account purpose that holds the password
// hash, and Account the one that holds the login name (policy item IDs).
const (
	ItemPassword = "password"
	ItemAccount  = "account"
)

// Accounts checks citizens' logins and keeps their sessions. It is safe for
// concurrent use.
type Accounts struct {
	cfg       Config
	dummyOnce sync.Once
	dummy     string // a hash to verify against when the login is unknown
	sources   *password.Sources
}

// New returns Accounts with defaults filled in.
func New(cfg Config) *Accounts {
	l := password.Lockout{MaxFailures: cfg.MaxFailures, FirstLock: cfg.FirstLock, MaxLock: cfg.MaxLock}.WithDefaults()
	cfg.MaxFailures, cfg.FirstLock, cfg.MaxLock = l.MaxFailures, l.FirstLock, l.MaxLock
	if cfg.Lifetime <= 0 {
		cfg.Lifetime = 12 * time.Hour
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Accounts{cfg: cfg, sources: password.NewSources(cfg.SourceFailures, cfg.SourceWindow)}
}

// HashPassword checks pw's strength and returns the Argon2id hash to store
// as the password item of the account record (the service stores the
// record through the vault, then indexes the login name with Index).
func (a *Accounts) HashPassword(ctx context.Context, pw string) (string, error) {
	if err := password.CheckStrength(pw); err != nil {
		return "", reason(err, "weak_password")
	}
	return a.cfg.Hasher.Hash(ctx, pw)
}

// systemActor is how Accounts reaches the gate: a system job, from where
// the request came.
func systemActor(source string) vault.Actor {
	return vault.Actor{Kind: vault.System, ID: "citizen-login", Source: source}
}

func (a *Accounts) now() time.Time { return a.cfg.Clock.Now() }

// token returns 32 random bytes, URL-safe base64.
func (a *Accounts) token() (string, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(a.cfg.Rand, b); err != nil {
		return "", errs.Wrap(errs.Internal, err, "citizen: no randomness for a token")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// reason sets a finer machine code on an *errs.Error, keeping its code.
func reason(err error, r string) error {
	if e, ok := err.(*errs.Error); ok {
		c := *e
		c.Reason = r
		return &c
	}
	return err
}
