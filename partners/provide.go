package partners

import (
	"context"
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

// CorrectionPath is where a provision's recipient takes correction notices.
const CorrectionPath = "/v1/corrections"

// Correction is a correction notice as a recipient receives it: the system
// ID it was given for the person, and the corrected values of items it
// received (item ID -> value). It never carries the value replaced.
type Correction struct {
	SystemID string            `json:"system_id"`
	Values   map[string]string `json:"values"`
}

// SendCorrection tells a provision's recipient that items it received
// were corrected: only items of the provision (names), each with its
// corrected value. A refusal (4xx) is errs.Invalid, which no retry fixes.
func SendCorrection(ctx context.Context, c *Client, key, systemID string, values map[string]string, names []string) error {
	if systemID == "" || len(values) == 0 {
		return errs.E(errs.Invalid, "correction: a notice names the person and at least one corrected item")
	}
	for k, v := range values {
		if !slices.Contains(names, k) || v == "" {
			return errs.E(errs.Invalid, "correction: item %q is not one this partner receives, or has no value", k)
		}
	}
	err := c.Call(ctx, http.MethodPost, CorrectionPath, key, Correction{SystemID: systemID, Values: values}, nil)
	if IsRefusal(err) {
		return errs.Wrap(errs.Invalid, err, "correction: the partner refused the notice")
	}
	return err
}

// ProvisionSim is a provision recipient's simulator: the profiles it takes
// at its own path (Received) and the correction notices at CorrectionPath
// (Corrections), each idempotency key once; Faults make it misbehave.
type ProvisionSim[T any] struct {
	Intake[T]
	Corrections Inbox[Correction]
	Faults      Faults
}

// ServeHTTP implements http.Handler.
func (s *ProvisionSim[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Faults.Wrap(http.HandlerFunc(s.serve)).ServeHTTP(w, r)
}

func (s *ProvisionSim[T]) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != CorrectionPath {
		s.Intake.ServeHTTP(w, r)
		return
	}
	var c Correction
	if !Receive(w, r, CorrectionPath, &c) {
		return
	}
	if c.SystemID == "" || len(c.Values) == 0 {
		Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_correction"})
		return
	}
	s.Corrections.Take(r.Header.Get(HeaderIdempotency), c)
	Reply(w, http.StatusOK, map[string]string{"status": "received"})
}
