package audit

import (
	"crypto/ed25519"
	"sync"
	"sync/atomic"
	"time"

	"jikimi/clock"
	"jikimi/store"
)

// Log is the access log on one store. It is safe for concurrent use; on
// PostgreSQL several processes may append and checkpoint at once.
type Log struct {
	sql    store.SQL
	signer *SigningKey // nil: the log cannot sign checkpoints
	trust  *Trust
	clk    clock.Clock
	nudge  chan struct{}
	// integrated is the tree size this process last saw checkpointed; Append
	// nudges Run when the head runs CheckpointEvery past it.
	integrated atomic.Int64
	// head is the chain head this process last appended, a guess that
	// Append checks where it moves the head (appendAtGuess).
	head    atomic.Pointer[position]
	poll    time.Duration // how often Run wakes to look at the clock
	segment int64         // entries per parallel read in Verify

	state     string // the file holding the last published checkpoint; "" for none
	mu        sync.Mutex
	published *Checkpoint // the last checkpoint this process published (or read from state)
	witnesses []*witnessed
	wmu       sync.Mutex // serialises sending to the witnesses
	// onWitnessError hears witnesses' failures in Run (a witness that is
	// down does not stop checkpointing).
	onWitnessError func(error)
}

// Checkpointing thresholds: a checkpoint at least every CheckpointInterval
// of the clock's time or every CheckpointEvery entries.
const (
	CheckpointInterval = time.Second
	CheckpointEvery    = 1024
)

// UnsignedGrace is how long an entry may stay covered by no checkpoint
// before Verify calls the log's tail unsigned: the checkpoint interval with
// room for a slow checkpoint. A server that stops gracefully signs its
// tail; one that crashed leaves a tail Verify reports.
const UnsignedGrace = time.Minute

// New returns the log on sql, signing checkpoints with key (nil: none) and
// reading the time from clk. It trusts key's own checkpoints until Configure
// says otherwise.
func New(sql store.SQL, key ed25519.PrivateKey, clk clock.Clock) *Log {
	l := &Log{sql: sql, clk: clk, nudge: make(chan struct{}, 1), poll: 100 * time.Millisecond, segment: segmentSize}
	if k, err := SigningKeyFrom(key); err == nil {
		l.signer = k
		l.trust, _ = TrustKey(key.Public().(ed25519.PublicKey))
	}
	return l
}

// Options are where the log's trust lives, apart from the database.
type Options struct {
	Signer    *SigningKey // signs new checkpoints; nil keeps New's key
	Trust     *Trust      // keys whose checkpoints verify; nil: the signer's, for all time
	State     string      // file keeping the last published checkpoint; "" for none
	Witnesses []Witness   // each new checkpoint is sent to these for cosigning
}

// Configure sets o before the log is used.
func (l *Log) Configure(o Options) error {
	if o.Signer != nil {
		l.signer = o.Signer
		l.trust = &Trust{}
		if err := l.trust.Add(o.Signer.VKey, time.Time{}, time.Time{}); err != nil {
			return err
		}
	}
	if o.Trust != nil {
		l.trust = o.Trust
	}
	l.state = o.State
	l.witnesses = nil
	for _, w := range o.Witnesses {
		l.witnesses = append(l.witnesses, &witnessed{w: w})
	}
	return nil
}

// VerifierKey is the signing key's verifier key ("" without one): what an
// auditor passes to note.NewVerifier.
func (l *Log) VerifierKey() string {
	if l.signer == nil {
		return ""
	}
	return l.signer.VKey
}

// ReportWitnessErrors sends witnesses' failures in Run to f.
func (l *Log) ReportWitnessErrors(f func(error)) { l.onWitnessError = f }

// Trust is the keys the log's checkpoints verify with.
func (l *Log) Trust() *Trust { return l.trust }

// forUpdate is the row-lock suffix of a SELECT that must serialise writers:
// PostgreSQL locks the row; SQLite's write transaction already holds the
// database's one write lock.
func (l *Log) forUpdate() string {
	if l.sql.Dialect() == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
