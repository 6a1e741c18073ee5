// Package sqlstore is the store.Store both drivers share: the Go around the
// SQL, over database/sql. Each driver hands it its own SQL text and handles.
//
// It must never hold SQL of its own (beyond what store's runner owns) nor
// decide anything a driver's dialect should: it only carries queries and
// maps their results and errors to store's contract.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"jikimi/store"
)

// Queries is a driver's SQL for the Store methods.
type Queries struct {
	// InsertPublication inserts (service, version, effective, sha256,
	// published_at) and does nothing when (service, version) is taken.
	InsertPublication string
	// PublicationHash selects the sha256 stored for (service, version).
	PublicationHash string
	// ListPublications selects (service, version, effective, sha256,
	// published_at) of one service, ordered by effective then version.
	ListPublications string
}

// DB implements store.Store over a writer and a reader handle, which may be
// the same *sql.DB.
type DB struct {
	W, R      *sql.DB
	Q         Queries
	Dialect   string // store.SQLite or store.Postgres
	Migrator  store.Migrator
	WAL       *WALKeeper // SQLite: checkpoints off the writer; nil otherwise
	closeOnce sync.Once
	closeErr  error
	stmtsOnce sync.Once
	wStmts    *stmtCache // prepared statements of W
	rStmts    *stmtCache // and of R
}

var _ store.Store = (*DB)(nil)

// Close closes both handles, once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.wStmts.close()
		db.rStmts.close()
		db.closeErr = errors.Join(db.WAL.Close(), db.W.Close())
		if db.R != db.W {
			db.closeErr = errors.Join(db.closeErr, db.R.Close())
		}
	})
	return db.closeErr
}

// SchemaVersion reads the highest applied migration, on a reader so it
// never waits behind the writer.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	m := db.Migrator
	m.DB = db.R
	return m.Version(ctx)
}
