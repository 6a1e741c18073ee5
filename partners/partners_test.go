package partners

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
)

type counterSim struct {
	done atomic.Int64
	once Idempotent
}

// ServeHTTP adds the request's amount once per idempotency key.
func (s *counterSim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct{ Amount int64 }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Amount <= 0 {
		Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_amount"})
		return
	}
	out, err := s.once.Once(r.Header.Get(HeaderIdempotency), func() ([]byte, error) {
		return json.Marshal(map[string]int64{"total": s.done.Add(in.Amount)})
	})
	if err != nil {
		Reply(w, http.StatusBadRequest, map[string]string{"code": "no_key"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

type fixture struct {
	sim    *counterSim
	faults *Faults
	client *Client
	clk    *clock.Fake
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	f := &fixture{sim: &counterSim{}, faults: &Faults{}, clk: clk}
	lb, err := Listen(f.faults.Wrap(Verified(pub, clk, f.sim)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	if !strings.HasPrefix(lb.URL, "http://127.0.0.1:") {
		t.Fatalf("simulator at %s, want 127.0.0.1", lb.URL)
	}
	f.client = &Client{Name: "counter", Base: lb.URL, Key: priv, Clock: clk, Backoff: time.Millisecond,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	return f
}

func (f *fixture) add(t *testing.T, key string, amount int64) (int64, error) {
	t.Helper()
	var out struct{ Total int64 }
	err := f.client.Call(context.Background(), "POST", "/add", key, map[string]int64{"amount": amount}, &out)
	return out.Total, err
}

func TestSignedCall(t *testing.T) {
	f := newFixture(t)
	if total, err := f.add(t, "k1", 5); err != nil || total != 5 {
		t.Fatalf("total %d err %v", total, err)
	}
}

func TestBadSignatureRefused(t *testing.T) {
	f := newFixture(t)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	f.client.Key = other
	_, err := f.add(t, "k1", 5)
	var se *StatusError
	if !IsRefusal(err) || !asStatus(err, &se) || se.Status != 401 || se.Code != "bad_signature" {
		t.Fatalf("wrong key: %v", err)
	}
	if f.sim.done.Load() != 0 {
		t.Fatal("an unsigned request was carried out")
	}
}

func TestStaleDateRefused(t *testing.T) {
	f := newFixture(t)
	f.client.Clock = clock.NewFake(f.clk.Now().Add(-10 * time.Minute))
	if _, err := f.add(t, "k1", 5); !IsRefusal(err) {
		t.Fatalf("stale date: %v", err)
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	f := newFixture(t)
	f.faults.FailNext(2)
	if total, err := f.add(t, "k1", 5); err != nil || total != 5 {
		t.Fatalf("after two 503s: total %d err %v", total, err)
	}
	if f.faults.Requests() != 3 {
		t.Fatalf("%d requests, want 3", f.faults.Requests())
	}
	f.faults.FailNext(3)
	_, err := f.add(t, "k2", 5)
	if errs.Code(err) != errs.Unavailable {
		t.Fatalf("after three 503s: %v, want unavailable", err)
	}
}

func TestRefusalNotRetried(t *testing.T) {
	f := newFixture(t)
	_, err := f.add(t, "k1", -1)
	var se *StatusError
	if !asStatus(err, &se) || se.Code != "bad_amount" || f.faults.Requests() != 1 {
		t.Fatalf("refusal: %v after %d requests", err, f.faults.Requests())
	}
}

// A cut connection after the work is done is retried with the same key and
// the work happens once.
func TestLostAnswerDoneOnce(t *testing.T) {
	f := newFixture(t)
	f.faults.DropAfterNext(1)
	total, err := f.add(t, "k1", 7)
	if err != nil || total != 7 || f.sim.done.Load() != 7 {
		t.Fatalf("total %d, done %d, err %v", total, f.sim.done.Load(), err)
	}
	if f.faults.Requests() != 2 {
		t.Fatalf("%d requests, want 2", f.faults.Requests())
	}
}

// Errors name the system and status, never the bodies.
func TestErrorsDoNotQuoteBodies(t *testing.T) {
	lb, err := Listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "김가상 010-0000-0000 not json")
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer lb.Close()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	c := &Client{Name: "x", Base: lb.URL, Key: priv, Clock: clock.System{}}
	var out struct{}
	err = c.Call(context.Background(), "POST", "/", "", map[string]string{"name": "김가상"}, &out)
	if err == nil || strings.Contains(err.Error(), "김가상") || strings.Contains(err.Error(), "010") {
		t.Fatalf("error %v", err)
	}
}

func asStatus(err error, se **StatusError) bool {
	s, ok := err.(*StatusError)
	*se = s
	return ok
}
