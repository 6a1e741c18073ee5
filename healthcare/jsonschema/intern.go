package jsonschema

import (
	"maps"
	"sync"
	"sync/atomic"
)

// The strings compiled schemas name — property names and enum strings —
// are what documents repeat: Decode shares them, boxed once, instead of
// allocating them per document. The table only grows, copied on write, so
// Decode reads it without a lock.
var (
	interned  atomic.Pointer[map[string]any]
	internMu  sync.Mutex
	noStrings = map[string]any{}
)

// intern adds strings to the shared table.
func intern(strs ...string) {
	internMu.Lock()
	defer internMu.Unlock()
	next := maps.Clone(table())
	for _, s := range strs {
		next[s] = s
	}
	interned.Store(&next)
}

// shared answers the boxed string for b, if the table has it.
func shared(b []byte) (any, bool) {
	v, ok := table()[string(b)]
	return v, ok
}

// table is the shared table: empty until the first intern.
func table() map[string]any {
	if t := interned.Load(); t != nil {
		return *t
	}
	return noStrings
}
