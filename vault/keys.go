package vault

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/store"
)

// keyCache keeps unwrapped data keys of recently used (subject, purpose)
// pairs, up to a fixed number: when full, the least recently used key goes.
// Shredding evicts (and zeroes); a key read before an eviction is not kept
// after it (evicted moves on), so a read that raced a shredding cannot put
// the shredded key back. A key pushed out for room is not zeroed: a reader
// may still be using it, and it is no secret the database does not hold.
type keyCache struct {
	mu      sync.Mutex
	keys    *lru.Cache[string, []byte]
	evicted uint64 // how many shreddings so far
	hits    atomic.Uint64
	misses  atomic.Uint64
}

func newKeyCache(max int) *keyCache {
	c, err := lru.New[string, []byte](max)
	if err != nil {
		panic(err) // max > 0: Open checks it
	}
	return &keyCache{keys: c}
}

func keyName(subject, purpose string) string { return subject + "|" + purpose }

func (c *keyCache) get(name string) ([]byte, bool) {
	k, ok := c.keys.Get(name)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return k, ok
}

// since is the eviction count, taken before a key is read from the database.
func (c *keyCache) since() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.evicted
}

// putRead keeps a key read from the database unless an eviction happened
// since the read began.
func (c *keyCache) putRead(name string, k []byte, since uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.evicted == since {
		c.keys.Add(name, k)
	}
}

func (c *keyCache) put(name string, k []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys.Add(name, k)
}

// evict forgets the keys of a subject: one purpose, or all when purpose is "".
func (c *keyCache) evict(subject, purpose string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evicted++
	if purpose != "" {
		if k, ok := c.keys.Peek(keyName(subject, purpose)); ok {
			keys.Zero(k)
			c.keys.Remove(keyName(subject, purpose))
		}
		return
	}
	for _, n := range c.keys.Keys() {
		if strings.HasPrefix(n, subject+"|") {
			if k, ok := c.keys.Peek(n); ok {
				keys.Zero(k)
			}
			c.keys.Remove(n)
		}
	}
}

// dataKey returns the data key of (subject, purpose), creating and storing a
// wrapped one in tx when create is set; a missing key without create is
// not_found (never created, or shredded).
func (v *Vault) dataKey(ctx context.Context, t *txn, subject, purpose string, create bool) ([]byte, error) {
	name := keyName(subject, purpose)
	if k, ok := t.fresh[name]; ok {
		return k, nil
	}
	if k, ok := v.keys.get(name); ok {
		return k, nil
	}
	tx := t.tx
	since := v.keys.since()
	aad := []byte("jikimi data key v1|" + name)
	var kekID string
	var wrapped []byte
	err := tx.QueryRowContext(ctx, `SELECT kek_id, wrapped FROM pd_keys WHERE subject_id = ? AND purpose = ?`, subject, purpose).Scan(&kekID, &wrapped)
	switch {
	case err == nil:
		k, err := v.cfg.Keys.Unwrap(ctx, wrapped, kekID, aad)
		if err != nil {
			return nil, err
		}
		v.keys.putRead(name, k, since)
		return k, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, errs.Wrap(errs.Internal, err, "vault: read data key")
	case !create:
		return nil, notFound()
	}
	k, err := v.newDataKey(ctx, tx, subject, purpose, aad)
	if err == nil {
		t.fresh[name] = k // cached only once the transaction commits
	}
	return k, err
}

func (v *Vault) newDataKey(ctx context.Context, tx store.Querier, subject, purpose string, aad []byte) ([]byte, error) {
	k, err := keys.NewDataKey(v.cfg.Rand)
	if err != nil {
		return nil, err
	}
	wrapped, kekID, err := v.cfg.Keys.Wrap(ctx, k, aad)
	if err != nil {
		return nil, err
	}
	// Two first writes of a purpose at once: the later waits for the first
	// to commit, writes nothing, and is told to try again (it then reads
	// the stored key) instead of failing on the primary key.
	res, err := tx.ExecContext(ctx, `INSERT INTO pd_keys (subject_id, purpose, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (subject_id, purpose) DO NOTHING`, subject, purpose, kekID, wrapped, v.now())
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: store data key")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, concurrentWrite()
	}
	return k, nil
}

const canaryKey = "key_canary"

// checkCanary stores a canary on first open and checks it on every later one.
func (v *Vault) checkCanary(ctx context.Context) error {
	var stored []byte
	err := v.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT v FROM vault_meta WHERE k = ?`, canaryKey).Scan(&stored)
	switch {
	case err == nil:
		var c keys.Canary
		if err := c.UnmarshalBinary(stored); err != nil {
			return errs.Wrap(errs.Unavailable, err, "vault: the stored key canary is corrupted: refusing to start")
		}
		return keys.CheckCanary(ctx, v.cfg.Keys, c)
	case !errors.Is(err, sql.ErrNoRows):
		return errs.Wrap(errs.Unavailable, err, "vault: read key canary")
	}
	c, err := keys.NewCanary(ctx, v.cfg.Keys)
	if err != nil {
		return err
	}
	b, err := c.MarshalBinary()
	if err != nil {
		return err
	}
	return v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO vault_meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING`, canaryKey, b)
		return err
	})
}
