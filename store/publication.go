package store

import (
	"regexp"
	"time"

	"jikimi/errs"
)

// Publication records that one version of a service's policy text was
// published: which declaration file (by hash), effective from which date.
type Publication struct {
	Service     string    // service ID, e.g. "seoul-healthcare"
	Version     string    // version ID, by convention the effective date "2006-01-02"
	Effective   time.Time // the date the version applies from; only the date counts
	SHA256      string    // lower-case hex SHA-256 of the declaration file
	PublishedAt time.Time // when it was published, stored to the microsecond
}

var (
	serviceRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	versionRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	sha256RE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

const maxIDLen = 64

// ValidService reports whether s is a well-formed service ID, as errs.Invalid.
func ValidService(s string) error {
	if len(s) > maxIDLen || !serviceRE.MatchString(s) {
		return errs.E(errs.Invalid, "service ID %q is not lower-case letters, digits and single hyphens (at most %d)", s, maxIDLen)
	}
	return nil
}

// Normalize validates p and returns it in the form every driver stores:
// Effective at midnight UTC of its calendar date, PublishedAt in UTC
// truncated to the microsecond (PostgreSQL's precision).
func (p Publication) Normalize() (Publication, error) {
	if err := ValidService(p.Service); err != nil {
		return p, err
	}
	if len(p.Version) > maxIDLen || !versionRE.MatchString(p.Version) {
		return p, errs.E(errs.Invalid, "policy version %q is not letters, digits, '.', '_' and '-' (at most %d)", p.Version, maxIDLen)
	}
	if !sha256RE.MatchString(p.SHA256) {
		return p, errs.E(errs.Invalid, "policy %s version %s: sha256 must be 64 lower-case hex digits", p.Service, p.Version)
	}
	if p.Effective.IsZero() || p.PublishedAt.IsZero() {
		return p, errs.E(errs.Invalid, "policy %s version %s: effective date and publication time are required", p.Service, p.Version)
	}
	y, m, d := p.Effective.Date()
	p.Effective = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	p.PublishedAt = p.PublishedAt.UTC().Truncate(time.Microsecond)
	return p, nil
}
