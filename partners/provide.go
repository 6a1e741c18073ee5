package partners

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"

	"jikimi/errs"
)

// Exactly checks that items holds exactly the named item IDs, each with a
// value: a provision's connector sends its declared items and no other.
// The error names item IDs, never values.
func Exactly(items map[string]string, names []string) error {
	for _, n := range names {
		if items[n] == "" {
			return errs.E(errs.Invalid, "provision: item %q is missing", n)
		}
	}
	for k := range items {
		if !slices.Contains(names, k) {
			return errs.E(errs.Invalid, "provision: item %q is not provided to this partner", k)
		}
	}
	return nil
}

// Receive is a provision simulator's intake: POST to path with a JSON body
// that decodes into v with no unknown field (a partner takes its declared
// items only) and an idempotency key. It answers the error itself and
// reports whether to go on.
func Receive(w http.ResponseWriter, r *http.Request, path string, v any) bool {
	if r.Method != http.MethodPost || r.URL.Path != path {
		Reply(w, http.StatusNotFound, map[string]string{"code": "not_found"})
		return false
	}
	if r.Header.Get(HeaderIdempotency) == "" {
		Reply(w, http.StatusBadRequest, map[string]string{"code": "no_idempotency_key"})
		return false
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_request"})
		return false
	}
	return true
}

// Inbox is what a provision simulator received: each idempotency key once.
type Inbox[T any] struct {
	once Idempotent
	mu   sync.Mutex
	got  []T
}

// Take keeps v unless key was seen before.
func (b *Inbox[T]) Take(key string, v T) {
	b.once.Once(key, func() ([]byte, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.got = append(b.got, v)
		return nil, nil
	})
}

// Received is everything kept, in order.
func (b *Inbox[T]) Received() []T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.got)
}

// Intake is a provision simulator: it takes POST Path with exactly a T and
// keeps it, each idempotency key once.
type Intake[T any] struct {
	Path string
	Inbox[T]
}

// ServeHTTP implements http.Handler.
func (s *Intake[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var v T
	if !Receive(w, r, s.Path, &v) {
		return
	}
	s.Take(r.Header.Get(HeaderIdempotency), v)
	Reply(w, http.StatusOK, map[string]string{"status": "received"})
}
