package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"

	"jikimi/clock"
	"jikimi/errs"
)

// Dialect is what the migration runner needs to know of a database: the few
// statements that differ between SQLite and PostgreSQL.
type Dialect struct {
	// Lock is run first in every migration transaction so that two processes
	// starting at once migrate one after the other; "" when BEGIN already
	// takes the write lock (SQLite with _txlock=immediate).
	Lock string
	// CreateMigrations creates schema_migrations(version INTEGER PRIMARY KEY,
	// applied_at ...) if it is missing.
	CreateMigrations string
	// InsertMigration records one migration; its parameters are the version
	// and the time it was applied.
	InsertMigration string
	// Tables lists the names of the tables of the database's own schema
	// (none of the database's internal ones).
	Tables string
	// Busy reports an error that says another connection holds the write
	// lock past the driver's own wait; nil when beginning never fails so
	// (PostgreSQL waits on Lock). A migration transaction that cannot begin
	// for that reason waits for the other process's migration to finish.
	Busy func(error) bool
}

const (
	migrationsTable = "schema_migrations"
	versionQuery    = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
)

// Migrator brings a database's schema to the migrations of Source, or
// refuses to: it never migrates down and never touches a schema it does not
// recognise.
type Migrator struct {
	DB      *sql.DB // a handle that may write
	Dialect Dialect
	Source  fs.FS // the migrations, as read by LoadMigrations
	Clock   clock.Clock
	// Progress gets a line per migration applied, for a person watching
	// `jikimi migrate` on a terminal; nil: none.
	Progress io.Writer
}

// Prepare applies the rules on open. An empty database is migrated, all in
// one transaction. A database whose schema is older than Source is refused
// unless upgrade is true, and then migrated one transaction per migration.
// A newer one, or one with tables but no migration recorded, is always
// refused. Refusals are errs.Unavailable with Reason "schema_outdated",
// "schema_newer" or "schema_unknown"; a migration that fails is
// errs.Internal and leaves the database as it was before that migration.
func (m Migrator) Prepare(ctx context.Context, upgrade bool) error {
	ms, err := LoadMigrations(m.Source)
	if err != nil {
		return err
	}
	have, err := m.current(ctx)
	if err != nil {
		return err
	}
	if err := decide(have, len(ms), upgrade); err != nil || have == len(ms) {
		return err
	}
	if have == 0 {
		return m.install(ctx, ms, upgrade)
	}
	return m.upgrade(ctx, ms[have:], len(ms))
}

// Version is the highest migration applied to the database, 0 for none.
func (m Migrator) Version(ctx context.Context) (int, error) {
	return schemaVersion(ctx, m.DB)
}

// applied reports a migration applied, of want in all.
func (m Migrator) applied(mig Migration, want int) {
	if m.Progress != nil {
		fmt.Fprintf(m.Progress, "migrate: %s applied (%d of %d)\n", mig.Name, mig.Version, want)
	}
}

func decide(have, want int, upgrade bool) error {
	switch {
	case have == unknownSchema:
		return refusal("schema_unknown", "database has tables but no schema_migrations record; refusing to start on an unknown schema")
	case have > want:
		return refusal("schema_newer", "database schema version %d is newer than this binary (knows up to %d); refusing to start: upgrade the binary", have, want)
	case have > 0 && have < want && !upgrade:
		return refusal("schema_outdated", "database schema is at version %d, this binary needs %d: run `jikimi migrate` or start with --migrate", have, want)
	}
	return nil
}

func refusal(reason, format string, args ...any) error {
	e := errs.E(errs.Unavailable, format, args...)
	e.Reason = reason
	return e
}

// unknownSchema is what current says of a database that has tables but no
// migration recorded: not ours, or not ours any more.
const unknownSchema = -1

// current is the applied version, 0 for an empty database.
func (m Migrator) current(ctx context.Context) (int, error) {
	tables, err := m.tables(ctx)
	if err != nil || len(tables) == 0 {
		return 0, err
	}
	if !tables[migrationsTable] {
		return unknownSchema, nil
	}
	v, err := schemaVersion(ctx, m.DB)
	if err == nil && v == 0 && len(tables) > 1 {
		return unknownSchema, nil
	}
	return v, err
}

func (m Migrator) tables(ctx context.Context) (map[string]bool, error) {
	list, err := Column[string](ctx, m.DB, "list tables", m.Dialect.Tables)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, name := range list {
		names[name] = true
	}
	return names, nil
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, versionQuery).Scan(&v); err != nil {
		return 0, errs.Wrap(errs.Internal, err, "read schema version")
	}
	return v, nil
}
