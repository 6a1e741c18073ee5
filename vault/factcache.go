package vault

import (
	"context"
	"sync"

	"jikimi/store"
)

// factCache keeps subjectFacts of recently read subjects. The vault is the
// only writer of the tables they come from (pd_subjects, pd_consents,
// pd_suspensions, pd_corrections), in this process: every write to them
// calls forget after its transaction ends. A load that raced a write is not
// kept: forget moves the subject's generation on, and put keeps a load only
// if the generation it started at is still current.
type factCache struct {
	mu    sync.Mutex
	max   int
	facts map[string]*subjectFacts
	gen   map[string]uint64 // subjects forgotten since the cache was last cleared
	epoch uint64            // moves on when the cache is cleared
}

func newFactCache(max int) *factCache {
	return &factCache{max: max, facts: map[string]*subjectFacts{}, gen: map[string]uint64{}}
}

// stamp is a subject's generation, taken before its facts are read.
type stamp struct{ epoch, gen uint64 }

func (c *factCache) get(subject string) (*subjectFacts, stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.facts[subject], stamp{c.epoch, c.gen[subject]}
}

// put keeps f unless the subject was forgotten since s was taken.
func (c *factCache) put(subject string, f *subjectFacts, s stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s != (stamp{c.epoch, c.gen[subject]}) {
		return
	}
	if len(c.facts) >= c.max {
		c.reset()
		return
	}
	c.facts[subject] = f
}

// reset empties the cache when full, never growing it; loads in flight are
// not kept.
func (c *factCache) reset() {
	clear(c.facts)
	clear(c.gen)
	c.epoch++
}

// forget drops a subject's facts; a write to its facts calls it once the
// write's transaction has ended, committed or not.
func (c *factCache) forget(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.gen) >= c.max {
		c.reset()
		return
	}
	delete(c.facts, subject)
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
