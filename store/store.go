// Package store owns the storage interface every driver implements, the
// records it stores, and the one migration runner the drivers share.
//
// It must never hold SQL of a particular database or import a driver: the
// dialect-specific text lives next to its driver (store/sqlite,
// store/postgres), and the choice of driver lives in store/open.
package store

import "context"

// Store is Jikimi's storage. Every method validates its input and answers
// with errs codes: errs.Invalid for bad input (nothing is written),
// errs.Conflict for a clash with what is stored, errs.Internal for the rest.
type Store interface {
	// RecordPublication records that a policy version was published. It is
	// idempotent for the same (service, version, sha256): the first record
	// stands. The same (service, version) with a different hash is
	// errs.Conflict and writes nothing.
	RecordPublication(ctx context.Context, p Publication) error

	// Publications lists a service's publications, ordered by Effective then
	// Version; none is an empty list, not an error.
	Publications(ctx context.Context, service string) ([]Publication, error)

	// SchemaVersion is the highest migration applied to the database.
	SchemaVersion(ctx context.Context) (int, error)

	// SQL is the transactional access for domain packages that own tables
	// (vault, audit, staff). Only those packages may use it on their tables;
	// internal/arch enforces that no other package names a personal-data table.
	SQL() SQL

	// Close releases the database. It is safe to call more than once.
	Close() error
}
