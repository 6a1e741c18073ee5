package vault

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/policy"
	"jikimi/store"
)

// Wrapper wraps and unwraps data keys under a key-encryption key
// (keys.Keyring, or an outside KMS).
type Wrapper interface {
	Wrap(ctx context.Context, dek, aad []byte) (wrapped []byte, kekID string, err error)
	Unwrap(ctx context.Context, wrapped []byte, kekID string, aad []byte) ([]byte, error)
}

// Indexer computes blind indexes of identifiers (keys.BlindIndexer).
type Indexer interface {
	Index(kind, value string) ([]byte, error)
}

// AccessLog appends access-log entries in the caller's transaction (audit.Log).
type AccessLog interface {
	Append(ctx context.Context, tx store.Querier, entries ...audit.Entry) error
	// Prepare and AppendPrepared split Append for gated reads: each reader
	// validates and encodes its own entry, and the commit they share only
	// chains and writes them.
	Prepare(e audit.Entry) (audit.Prepared, error)
	AppendPrepared(ctx context.Context, tx store.Querier, entries ...audit.Prepared) error
}

// Config wires a Vault.
type Config struct {
	SQL      store.SQL
	Policies *policy.Registry
	Keys     Wrapper
	Index    Indexer
	Log      AccessLog
	Clock    clock.Clock
	Rand     io.Reader // crypto/rand.Reader when nil
	// KeyCache is how many unwrapped data keys (one per subject and
	// purpose) the gate keeps in memory, the least recently used going
	// first when full; DefaultKeyCache when 0.
	KeyCache int
	// FactCache is how many subjects' decision facts (service, consents,
	// suspensions, pending corrections) the gate keeps in memory for gated
	// reads, the least recently used going first when full;
	// DefaultFactCache when 0.
	FactCache int
	// Decided, when set, hears each decision the gate logs: allowed, or
	// denied with its reason code (a Reason constant or an errs code),
	// never an ID. It runs on every access, so it must be quick (a
	// metric's counter).
	Decided func(outcome audit.Outcome, reason string)
}

// DefaultKeyCache keeps the keys of 100,000 subjects' purposes (about 20 MB).
const DefaultKeyCache = 100_000

// DefaultFactCache keeps the facts of 100,000 subjects (about 50 MB with a
// few consents each).
const DefaultFactCache = 100_000

// CacheStats counts the gate's data-key and fact caches since Open, for an operator's
// metrics: a read or write that found its key unwrapped is a hit; a miss
// reads and unwraps it.
type CacheStats struct {
	KeyHits, KeyMisses uint64
	Keys               int // held now
	// FactHits and FactMisses count gated reads' decisions that found the
	// subject's facts cached or read them; Facts is how many are held now.
	FactHits, FactMisses uint64
	Facts                int
}

// CacheStats reports the caches' counts.
func (v *Vault) CacheStats() CacheStats {
	return CacheStats{KeyHits: v.keys.hits.Load(), KeyMisses: v.keys.misses.Load(), Keys: v.keys.keys.Len(),
		FactHits: v.factCache.hits.Load(), FactMisses: v.factCache.misses.Load(), Facts: v.factCache.len()}
}

// Vault is the gate. It is safe for concurrent use.
type Vault struct {
	cfg       Config
	keys      *keyCache
	factCache *factCache    // the decision's facts, for gated reads
	group     *logGroup     // gated reads' log entries, committed together
	reader    store.Querier // cfg.SQL.Reader(), made once
	mu        sync.Mutex
	diffs     map[[2]*policy.Policy]policy.Diff // consent-sufficiency cache
	recordSeq atomic.Uint64                     // see newRecordID
}

// Open checks the configuration and that the keyring is the one this
// database was written with (a canary stored on first open), and returns
// the gate. A wrong keyring refuses to open: nothing is ever written that
// could not be read back.
func Open(ctx context.Context, cfg Config) (*Vault, error) {
	if cfg.SQL == nil || cfg.Policies == nil || cfg.Keys == nil || cfg.Index == nil || cfg.Log == nil || cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "vault: SQL, policies, keys, index, log and clock are required")
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	switch {
	case cfg.KeyCache == 0:
		cfg.KeyCache = DefaultKeyCache
	case cfg.KeyCache < 0:
		return nil, errs.E(errs.Invalid, "vault: the key cache holds a positive number of keys")
	}
	switch {
	case cfg.FactCache == 0:
		cfg.FactCache = DefaultFactCache
	case cfg.FactCache < 0:
		return nil, errs.E(errs.Invalid, "vault: the fact cache holds a positive number of subjects")
	}
	v := &Vault{cfg: cfg, keys: newKeyCache(cfg.KeyCache), factCache: newFactCache(cfg.FactCache), diffs: map[[2]*policy.Policy]policy.Diff{},
		group: &logGroup{sql: cfg.SQL, log: cfg.Log}, reader: cfg.SQL.Reader()}
	var start [8]byte
	if _, err := io.ReadFull(cfg.Rand, start[:]); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: random record counter")
	}
	v.recordSeq.Store(binary.BigEndian.Uint64(start[:]) >> 1) // never wraps
	if err := checkSideTables(func(s string) (*policy.Policy, bool) { return cfg.Policies.Current(s, cfg.Clock.Now()) }); err != nil {
		return nil, err
	}
	if err := v.checkCanary(ctx); err != nil {
		return nil, err
	}
	return v, nil
}

// newRecordID returns "rec_" + 26 base32hex characters (128 bits): the
// vault's record counter, then 64 random bits. The counter starts at a
// random point when the vault opens and counts up, so records written one
// after another get IDs in the same order, and the walks in (due date, ID)
// order — destruction above all, where many records share a due date —
// visit the table's pages in the order they were written instead of at
// random, as do inserts into the ID's index. The counter carries no time;
// two IDs tell only how many records this vault wrote between them.
func (v *Vault) newRecordID() (string, error) {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], v.recordSeq.Add(1))
	if _, err := io.ReadFull(v.cfg.Rand, b[8:]); err != nil {
		return "", errs.Wrap(errs.Internal, err, "vault: random ID")
	}
	return "rec_" + strings.ToLower(orderedEncoding.EncodeToString(b[:])), nil
}

// newRecordIDs returns n record IDs (newRecordID), in the order they were made.
func (v *Vault) newRecordIDs(n int) ([]string, error) {
	ids := make([]string, n)
	for i := range ids {
		var err error
		if ids[i], err = v.newRecordID(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// orderedEncoding sorts as the bytes it encodes (base32hex, lower-cased).
var orderedEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// newID returns an opaque ID from the vault's source of randomness.
func (v *Vault) newID(prefix string) (string, error) { return ids.New(v.cfg.Rand, prefix) }

func (v *Vault) now() int64 { return v.cfg.Clock.Now().UnixMicro() }

// current is the service's policy in force now.
func (v *Vault) current(service string) (*policy.Policy, error) {
	p, ok := v.cfg.Policies.Current(service, v.cfg.Clock.Now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no policy in force for service %q", service)
	}
	return p, nil
}

// NewSubject registers a subject of r's service and returns its opaque ID
// (r names only the actor and the service).
func (v *Vault) NewSubject(ctx context.Context, r Request) (string, error) {
	actor, service := r.Actor, r.Service
	if _, err := v.current(service); err != nil {
		return "", err
	}
	id, err := v.newID("sub_")
	if err != nil {
		return "", err
	}
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pd_subjects (id, service, created_at) VALUES (?, ?, ?)`, id, service, v.now()); err != nil {
			return errs.Wrap(errs.Internal, err, "vault: register subject")
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(Request{Actor: actor, Service: service, Purpose: "registration", Subject: id, Action: Input}, nil, 1))
	})
	return id, err
}

// subjectService answers the service a subject belongs to, or not_found.
func subjectService(ctx context.Context, q store.Querier, subject string) (string, error) {
	var service string
	err := q.QueryRowContext(ctx, `SELECT service FROM pd_subjects WHERE id = ?`, subject).Scan(&service)
	if err != nil {
		return "", notFound()
	}
	return service, nil
}

func notFound() *errs.Error { return errs.E(errs.NotFound, "not found") }

// column reads one string column of the rows a query returns.
func column(ctx context.Context, q store.Querier, msg, query string, args ...any) ([]string, error) {
	return store.Column[string](ctx, q, msg, query, args...)
}
