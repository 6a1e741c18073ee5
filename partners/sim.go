package partners

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"jikimi/clock"
)

// Loopback is a simulator listening on 127.0.0.1.
type Loopback struct {
	URL string
	srv *http.Server
}

// Listen serves h on a free port of 127.0.0.1, never another address.
func Listen(h http.Handler) (*Loopback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("simulator: %w", err)
	}
	l := &Loopback{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}}
	go l.srv.Serve(ln)
	return l, nil
}

// Close stops the simulator.
func (l *Loopback) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.srv.Shutdown(ctx)
}

// MaxSkew is how far a request's date may be from the simulator's clock.
const MaxSkew = 5 * time.Minute

// Verified wraps a simulator's handler: a request whose signature does not
// verify under pub, or whose date is stale, is answered 401 with
// {"code":"bad_signature"}. The body is given back to next unchanged.
func Verified(pub ed25519.PublicKey, clk clock.Clock, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil || !validSignature(pub, clk, r, body) {
			Reply(w, http.StatusUnauthorized, map[string]string{"code": "bad_signature"})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func validSignature(pub ed25519.PublicKey, clk clock.Clock, r *http.Request, body []byte) bool {
	date := r.Header.Get(HeaderDate)
	secs, err := strconv.ParseInt(date, 10, 64)
	if err != nil {
		return false
	}
	if skew := clk.Now().Sub(time.Unix(secs, 0)); skew > MaxSkew || skew < -MaxSkew {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(r.Header.Get(HeaderSignature))
	if err != nil {
		return false
	}
	return ed25519.Verify(pub, signedBytes(r.Method, r.URL.RequestURI(), date, body), sig)
}

// Reply writes v as a JSON answer.
func Reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ReplyKept answers a simulator's look-up: the value m holds under key
// (read under mu), or 404 with code when it holds none.
func ReplyKept[V any](w http.ResponseWriter, mu *sync.Mutex, m map[string]V, key, code string) {
	mu.Lock()
	v, ok := m[key]
	mu.Unlock()
	if !ok {
		Reply(w, http.StatusNotFound, map[string]string{"code": code})
		return
	}
	Reply(w, http.StatusOK, v)
}

// Faults makes a simulator misbehave on purpose, for tests of retries and
// crash safety. Its zero value passes everything through.
type Faults struct {
	mu        sync.Mutex
	fail      int // the next n requests answer 503 before reaching the handler
	dropAfter int // the next n requests are handled, then the connection is cut
	requests  int // requests seen
}

// FailNext answers the next n requests 503 without handling them.
func (f *Faults) FailNext(n int) { f.mu.Lock(); f.fail = n; f.mu.Unlock() }

// DropAfterNext handles the next n requests, then cuts the connection
// before the answer: the caller cannot know it succeeded.
func (f *Faults) DropAfterNext(n int) { f.mu.Lock(); f.dropAfter = n; f.mu.Unlock() }

// Requests is how many requests reached the simulator.
func (f *Faults) Requests() int { f.mu.Lock(); defer f.mu.Unlock(); return f.requests }

// Wrap applies the faults in front of next.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail, drop := f.take()
		if fail {
			Reply(w, http.StatusServiceUnavailable, map[string]string{"code": "unavailable"})
			return
		}
		if !drop {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(discard{}, r)
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	})
}

func (f *Faults) take() (fail, drop bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	switch {
	case f.fail > 0:
		f.fail--
		return true, false
	case f.dropAfter > 0:
		f.dropAfter--
		return false, true
	}
	return false, false
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// Idempotent remembers the first answer to each idempotency key, so a
// retried request is answered as the first one was and done only once.
type Idempotent struct {
	mu   sync.Mutex
	seen map[string][]byte
}

// Once runs do the first time key is seen and returns its answer; later
// calls with the same key return the same answer without running do.
func (i *Idempotent) Once(key string, do func() ([]byte, error)) ([]byte, error) {
	if key == "" {
		return nil, errors.New("missing idempotency key")
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.seen == nil {
		i.seen = map[string][]byte{}
	}
	if b, ok := i.seen[key]; ok {
		return b, nil
	}
	b, err := do()
	if err == nil {
		i.seen[key] = b
	}
	return b, err
}
