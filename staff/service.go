package staff

import (
	"crypto/rand"
	"io"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/keys"
	"jikimi/password"
	"jikimi/policy"
	"jikimi/store"
)

// Defaults of the settings in Config.
const (
	DefaultMaxFailedLogins = 5 // PIPA guidance for Standard 5
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultSessionLifetime = 12 * time.Hour
	DefaultIssuer          = "Jikimi"
)

// Config wires a Service. SQL, Clock, Hasher and Wrapper are required.
type Config struct {
	SQL     store.SQL    // the store's SQL access: staff owns the staff_* tables
	Clock   clock.Clock  // every timestamp and expiry
	Hasher  Hasher       // Argon2id with a cap on concurrent hashes
	Wrapper keys.Wrapper // wraps the staff data keys (TOTP sealing, person index)
	Rand    io.Reader    // IDs, tokens, secrets and keys; crypto/rand when nil
	// Policies say which purposes each role may choose to work for
	// (ChooseWork); without them no purpose can be chosen.
	Policies *policy.Registry

	MaxFailedLogins int // consecutive failures that lock an account
	// FirstLock is how long the first lock lasts; each lock after it, on a
	// failure once it expired, lasts twice the one before, up to MaxLock
	// (password.Lockout). 0: 1 minute and 24 hours. A lock ends by itself;
	// an admin may still lift it sooner (Unlock).
	FirstLock, MaxLock time.Duration
	// SourceFailures failed logins from one address within SourceWindow
	// refuse its further attempts until the window passes, whatever the
	// login. 0: 20 in 10 minutes.
	SourceFailures  int
	SourceWindow    time.Duration
	IdleTimeout     time.Duration // a session unused this long ends
	SessionLifetime time.Duration // a session ends this long after login, used or not
	Issuer          string        // the name authenticator apps show
}

// Service manages staff accounts, roles, logins and sessions.
type Service struct {
	cfg Config

	keysMu sync.Mutex
	keys   *dataKeys // loaded on first use; see dataKeys

	dummyOnce sync.Once
	dummy     string // a hash to verify against for unknown login names

	lockout password.Lockout
	sources *password.Sources
}

// New checks cfg, fills in the defaults and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.SQL == nil || cfg.Clock == nil || cfg.Hasher == nil || cfg.Wrapper == nil {
		return nil, errs.E(errs.Invalid, "staff: SQL, Clock, Hasher and Wrapper are required")
	}
	if cfg.MaxFailedLogins < 0 || cfg.IdleTimeout < 0 || cfg.SessionLifetime < 0 || cfg.FirstLock < 0 || cfg.MaxLock < 0 ||
		cfg.SourceFailures < 0 || cfg.SourceWindow < 0 {
		return nil, errs.E(errs.Invalid, "staff: settings must not be negative")
	}
	cfg.Rand = or(cfg.Rand, io.Reader(rand.Reader))
	cfg.MaxFailedLogins = or(cfg.MaxFailedLogins, DefaultMaxFailedLogins)
	cfg.IdleTimeout = or(cfg.IdleTimeout, DefaultIdleTimeout)
	cfg.SessionLifetime = or(cfg.SessionLifetime, DefaultSessionLifetime)
	cfg.Issuer = or(cfg.Issuer, DefaultIssuer)
	l := password.Lockout{MaxFailures: cfg.MaxFailedLogins, FirstLock: cfg.FirstLock, MaxLock: cfg.MaxLock}.WithDefaults()
	return &Service{cfg: cfg, lockout: l, sources: password.NewSources(cfg.SourceFailures, cfg.SourceWindow)}, nil
}

// or is v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func (s *Service) now() time.Time { return s.cfg.Clock.Now() }

// random reads n bytes from the configured source of randomness.
func (s *Service) random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.cfg.Rand, b); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "staff: no randomness")
	}
	return b, nil
}

// newID is an opaque ID with the prefix: stf_..., ses_...
func (s *Service) newID(prefix string) (string, error) { return ids.New(s.cfg.Rand, prefix) }

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
