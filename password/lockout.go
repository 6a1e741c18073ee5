package password

import (
	"sync"
	"time"
)

// Lockout is how long an account stays locked after failed logins: the
// first lock, at MaxFailures consecutive failures, lasts FirstLock; each
// failure after a lock expired locks it again for twice as long, up to
// MaxLock. A lock that expires needs nobody to lift it, so whoever knows a
// login can delay its holder but not shut them out until someone acts.
// It is the arithmetic only; the accounts' packages keep the counts.
type Lockout struct {
	MaxFailures        int           // 0: 5
	FirstLock, MaxLock time.Duration // 0: 1 minute and 24 hours
}

// WithDefaults fills in the zero fields.
func (l Lockout) WithDefaults() Lockout {
	if l.MaxFailures <= 0 {
		l.MaxFailures = 5
	}
	if l.FirstLock <= 0 {
		l.FirstLock = time.Minute
	}
	if l.MaxLock <= 0 {
		l.MaxLock = 24 * time.Hour
	}
	return l
}

// For is how long the lock set at failures consecutive failures lasts.
func (l Lockout) For(failures int) time.Duration {
	d := l.FirstLock
	for n := failures - l.MaxFailures; n > 0 && d < l.MaxLock; n-- {
		d *= 2
	}
	return min(d, l.MaxLock)
}

// Until is when a lock set at lockedAt, at failures, ends; zero for none.
func (l Lockout) Until(failures int, lockedAt time.Time) time.Time {
	if lockedAt.IsZero() {
		return time.Time{}
	}
	return lockedAt.Add(l.For(failures))
}

// Sources counts failed logins per source address in a fixed window, in
// memory: a restart forgets them, which costs a guesser nothing they could
// not get from a second address, and keeps the database out of it. It is
// safe for concurrent use.
type Sources struct {
	max    int
	window time.Duration
	mu     sync.Mutex
	seen   map[string]*tally
}

type tally struct {
	start time.Time
	n     int
}

// maxSources bounds the memory a flood of addresses can take; past it the
// oldest windows are forgotten first.
const maxSources = 100000

// NewSources refuses an address after max failures within window (0: 20
// in 10 minutes).
func NewSources(max int, window time.Duration) *Sources {
	if max <= 0 {
		max = 20
	}
	if window <= 0 {
		window = 10 * time.Minute
	}
	return &Sources{max: max, window: window, seen: map[string]*tally{}}
}

// Allowed reports whether the address may try to log in now.
func (s *Sources) Allowed(addr string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.seen[addr]
	return !ok || now.Sub(t.start) >= s.window || t.n < s.max
}

// Failed counts a failed login from the address.
func (s *Sources) Failed(addr string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.seen[addr]
	if !ok || now.Sub(t.start) >= s.window {
		if !ok && len(s.seen) >= maxSources {
			s.forgetOld(now)
		}
		t = &tally{start: now}
		s.seen[addr] = t
	}
	t.n++
}

// forgetOld drops the windows that are over, and if none is, all of them.
func (s *Sources) forgetOld(now time.Time) {
	for addr, t := range s.seen {
		if now.Sub(t.start) >= s.window {
			delete(s.seen, addr)
		}
	}
	if len(s.seen) >= maxSources {
		clear(s.seen)
	}
}
