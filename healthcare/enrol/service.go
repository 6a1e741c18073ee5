package enrol

import (
	"context"
	"crypto/rand"
	"io"
	"math/big"
	"sync"
	"time"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/devices"
	"jikimi/partners/identity"
	"jikimi/policy"
	"jikimi/vault"
)

// ServiceName is the programme's service name in the policies.
const ServiceName = "seoul-healthcare"

// Purposes and rules of the policy this package writes under.
const (
	PurposeEnrolment = "enrolment"
	PurposeHealth    = "health-service"
	PurposeDelivery  = "watch-delivery"
	PurposeDuplicate = "duplicate-prevention"
	PurposeCityInfo  = "city-info"
)

// Config wires a Service.
type Config struct {
	Vault    *vault.Vault
	Policies *policy.Registry
	Accounts *citizen.Accounts
	Devices  *devices.Registry
	Identity identity.Verifier
	Clock    clock.Clock
	Rand     io.Reader // crypto/rand.Reader when nil
}

// Service enrols, links watches and withdraws participants.
type Service struct {
	cfg       Config
	districts Districts
	// mu makes the duplicate check and the writes one step within this
	// process; across instances, the check after the writes (alone) keeps
	// one person from being enrolled twice.
	mu sync.Mutex
	// checked, when set (tests only), runs after the check passed and
	// before the writes.
	checked func()
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Service{cfg: cfg, districts: LoadDistricts()}
}

// Districts is the list a district is checked against.
func (s *Service) Districts() Districts { return s.districts }

func (s *Service) now() time.Time { return s.cfg.Clock.Now() }

// StartVerification checks a claim's fields and starts its verification
// with the identity-verification service; the answer is its ID, which the
// enrolment names. key makes a retried start one.
func (s *Service) StartVerification(ctx context.Context, key string, c identity.Claim) (string, error) {
	if err := checkPerson(c.Name, c.BirthDate, c.Sex, s.now()); err != nil {
		return "", err
	}
	if _, err := normalizeMobile(c.Mobile); err != nil {
		return "", err
	}
	if key == "" {
		return "", bad("missing_idempotency_key", "Idempotency-Key 헤더가 필요합니다 (an Idempotency-Key header is required)")
	}
	return s.cfg.Identity.Start(ctx, key, c)
}

// systemID issues the 시스템고유번호: 12 random digits, not the subject ID,
// since partners receive it.
func (s *Service) systemID() (string, error) {
	n, err := rand.Int(s.cfg.Rand, big.NewInt(1_000_000_000_000))
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "enrol: no randomness")
	}
	return "P" + leftPad(n.String(), 12), nil
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
