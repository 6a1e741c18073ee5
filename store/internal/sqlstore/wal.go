package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// WALKeeper copies a SQLite write-ahead log into the database file from a
// connection of its own, so that writes seldom wait for a checkpoint.
// SQLite checkpoints inside the commit that grows the log past its
// threshold, on the one writer connection, and every other writer queues
// behind that commit; with the keeper running beside it, that checkpoint
// finds most of the log already copied. The writer kicks the keeper after
// each commit; the keeper gathers the commits of a short while and runs a
// PASSIVE checkpoint, which takes no write lock and waits for no reader.
// The writer's own checkpoint stays on: a log starts over from its
// beginning only when a writer begins while all of it is copied, which is
// what the writer's checkpoint right after its commit makes happen.
type WALKeeper struct {
	db     *sql.DB
	gather time.Duration
	kick   chan struct{}
	stop   chan struct{}
	done   chan struct{}
}

// NewWALKeeper starts a keeper on db (a connection that may checkpoint),
// which checkpoints at most once per gather, and only after commits.
func NewWALKeeper(db *sql.DB, gather time.Duration) *WALKeeper {
	k := &WALKeeper{db: db, gather: gather, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go k.loop()
	return k
}

// Kick says a commit added to the log; it never blocks.
func (k *WALKeeper) Kick() {
	if k == nil {
		return
	}
	select {
	case k.kick <- struct{}{}:
	default:
	}
}

func (k *WALKeeper) loop() {
	defer close(k.done)
	for {
		select {
		case <-k.stop:
			return
		case <-k.kick:
		}
		select {
		case <-k.stop:
			return
		case <-time.After(k.gather):
		}
		_, _ = k.checkpoint(context.Background()) // a failure leaves the writer's own checkpoint to do it
	}
}

// checkpoint runs one PASSIVE checkpoint and reports whether all of the
// log is now in the database file.
func (k *WALKeeper) checkpoint(ctx context.Context) (bool, error) {
	var busy, frames, copied int
	err := k.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
	return err == nil && busy == 0 && frames == copied, err
}

// CatchUp runs PASSIVE checkpoints until all of the log is in the database
// file or tries run out, so that a blocking checkpoint after it has little
// left to copy while it holds the write lock.
func (k *WALKeeper) CatchUp(ctx context.Context, tries int) error {
	for range tries {
		if caught, err := k.checkpoint(ctx); err != nil || caught {
			return err
		}
	}
	return nil
}

// Close stops the keeper and closes its connection.
func (k *WALKeeper) Close() error {
	if k == nil {
		return nil
	}
	close(k.stop)
	<-k.done
	return k.db.Close()
}
