package store

import (
	"context"
	"database/sql"
	"time"

	"jikimi/errs"
)

// install applies every migration of a fresh database in one transaction,
// so the database ends fully migrated or still empty, and a process
// starting alongside never mistakes a half-installed schema for an outdated
// one. Under the lock it decides again: another process may have got there
// first.
func (m Migrator) install(ctx context.Context, ms []Migration, upgrade bool) error {
	return m.inTx(ctx, "install", func(tx *sql.Tx) error {
		have, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if err := decide(have, len(ms), upgrade); err != nil {
			return err
		}
		for _, mig := range ms[have:] {
			if err := m.run(ctx, tx, mig); err != nil {
				return err
			}
			m.applied(mig, len(ms))
		}
		return nil
	})
}

// upgrade applies each pending migration in a transaction of its own, so a
// failure keeps the ones before it and leaves the database exactly as it was
// before the one that failed.
func (m Migrator) upgrade(ctx context.Context, ms []Migration, want int) error {
	for _, mig := range ms {
		err := m.inTx(ctx, mig.Name, func(tx *sql.Tx) error {
			have, err := schemaVersion(ctx, tx)
			if err != nil || have >= mig.Version {
				return err // or another process applied it first
			}
			return m.run(ctx, tx, mig)
		})
		if err != nil {
			return err
		}
		m.applied(mig, want)
	}
	return nil
}

// run applies one migration and records it, in tx.
func (m Migrator) run(ctx context.Context, tx *sql.Tx, mig Migration) error {
	if _, err := tx.ExecContext(ctx, mig.SQL); err != nil {
		return errs.Wrap(errs.Internal, err, "apply %s", mig.Name)
	}
	_, err := tx.ExecContext(ctx, m.Dialect.InsertMigration, mig.Version, m.Clock.Now().UTC())
	return errs.WrapIf(err, "record %s", mig.Name)
}

// inTx runs fn in a transaction that holds the migration lock and sees
// schema_migrations, and commits only if fn succeeds.
func (m Migrator) inTx(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	tx, err := m.begin(ctx)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "begin %s", what)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := m.prelude(ctx, tx); err != nil {
		return errs.Wrap(errs.Internal, err, "prepare %s", what)
	}
	if err := fn(tx); err != nil {
		return err
	}
	return errs.WrapIf(tx.Commit(), "commit %s", what)
}

// migrationWait bounds how long a migration transaction waits to begin while
// another process migrates the same database: far longer than any migration
// takes, short enough that a lock nobody releases is reported.
const migrationWait = 2 * time.Minute

// begin begins a transaction, waiting while Dialect.Busy says another
// connection holds the write lock (another process migrating at once). The
// wait is counted in tries, not read off a clock: Clock only stamps.
func (m Migrator) begin(ctx context.Context) (*sql.Tx, error) {
	const every = 50 * time.Millisecond
	for try := 0; ; try++ {
		tx, err := m.DB.BeginTx(ctx, nil)
		if err == nil || m.Dialect.Busy == nil || !m.Dialect.Busy(err) || try >= int(migrationWait/every) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(every):
		}
	}
}

// prelude takes the migration lock and makes sure schema_migrations exists.
func (m Migrator) prelude(ctx context.Context, tx *sql.Tx) error {
	if m.Dialect.Lock != "" {
		if _, err := tx.ExecContext(ctx, m.Dialect.Lock); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, m.Dialect.CreateMigrations)
	return err
}
