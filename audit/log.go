package audit

import (
	"crypto/ed25519"
	"sync/atomic"
	"time"

	"jikimi/clock"
	"jikimi/store"
)

// Log is the access log on one store. It is safe for concurrent use; on
// PostgreSQL several processes may append and checkpoint at once.
type Log struct {
	sql   store.SQL
	key   ed25519.PrivateKey
	clk   clock.Clock
	nudge chan struct{}
	// integrated is the tree size this process last saw checkpointed; Append
	// nudges Run when the head runs CheckpointEvery past it.
	integrated atomic.Int64
	// head is the chain head this process last appended, a guess that
	// Append checks where it moves the head (appendAtGuess).
	head    atomic.Pointer[position]
	poll    time.Duration // how often Run wakes to look at the clock
	segment int64         // entries per parallel read in Verify
}

// Checkpointing thresholds: a checkpoint at least every CheckpointInterval
// of the clock's time or every CheckpointEvery entries.
const (
	CheckpointInterval = time.Second
	CheckpointEvery    = 1024
)

// New returns the log on sql, signing checkpoints with key and reading the
// time from clk.
func New(sql store.SQL, key ed25519.PrivateKey, clk clock.Clock) *Log {
	return &Log{sql: sql, key: key, clk: clk, nudge: make(chan struct{}, 1), poll: 100 * time.Millisecond, segment: segmentSize}
}

// PublicKey is the key an auditor verifies checkpoints with.
func (l *Log) PublicKey() ed25519.PublicKey {
	if len(l.key) != ed25519.PrivateKeySize {
		return nil
	}
	return l.key.Public().(ed25519.PublicKey)
}

// forUpdate is the row-lock suffix of a SELECT that must serialise writers:
// PostgreSQL locks the row; SQLite's write transaction already holds the
// database's one write lock.
func (l *Log) forUpdate() string {
	if l.sql.Dialect() == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
