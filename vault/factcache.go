package vault

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"jikimi/store"
)

// factCache keeps subjectFacts of recently read subjects, up to a fixed
// number: when full, the least recently used subject's facts go. The vault
// is the only writer of the tables they come from (pd_subjects,
// pd_consents, pd_suspensions, pd_corrections), in this process: every
// write to them calls forget after its transaction ends. A load that raced
// a write is not kept: forget moves the subject's generation on, and put
// keeps a load only if the generation it started at is still current.
type factCache struct {
	mu     sync.Mutex
	max    int
	facts  *simplelru.LRU[string, *subjectFacts]
	gen    map[string]uint64 // subjects forgotten since gen was last cleared
	epoch  uint64            // moves on when gen is cleared
	hits   atomic.Uint64
	misses atomic.Uint64
}

func newFactCache(max int) *factCache {
	facts, err := simplelru.NewLRU[string, *subjectFacts](max, nil)
	if err != nil {
		panic(err) // max > 0: Open checks it
	}
	return &factCache{max: max, facts: facts, gen: map[string]uint64{}}
}

// stamp is a subject's generation, taken before its facts are read.
type stamp struct{ epoch, gen uint64 }

func (c *factCache) get(subject string) (*subjectFacts, stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.facts.Get(subject)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return f, stamp{c.epoch, c.gen[subject]}
}

// put keeps f unless the subject was forgotten since s was taken; a full
// cache lets its least recently used subject go.
func (c *factCache) put(subject string, f *subjectFacts, s stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s != (stamp{c.epoch, c.gen[subject]}) {
		return
	}
	c.facts.Add(subject, f)
}

// forget drops a subject's facts; a write to its facts calls it once the
// write's transaction has ended, committed or not. The generations are
// only needed while a load is in flight: when they fill the cache's size
// they are cleared and the epoch moves on (the loads in flight then are
// not kept; the cached facts stay).
func (c *factCache) forget(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.facts.Remove(subject)
	if len(c.gen) >= c.max {
		clear(c.gen)
		c.epoch++
		return
	}
	c.gen[subject]++
}

// cachedFacts returns the subject's facts from the cache, reading them
// through q when they are not there; not_found when there is no such subject.
func (v *Vault) cachedFacts(ctx context.Context, q store.Querier, subject string) (*subjectFacts, error) {
	f, s := v.factCache.get(subject)
	if f != nil {
		return f, nil
	}
	f, err := loadFacts(ctx, q, subject)
	if err != nil {
		return nil, err
	}
	v.factCache.put(subject, f, s)
	return f, nil
}

// len is how many subjects' facts are held.
func (c *factCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.facts.Len()
}
