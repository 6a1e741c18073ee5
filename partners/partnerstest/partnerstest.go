// Package partnerstest connects a connector's client to its loopback
// simulator for tests: a fresh signing key, a fake clock, the simulator on
// 127.0.0.1 and a client that retries without sleeping.
//
// It is for tests only: it must never be imported by production code, and
// never starts a simulator on an address other than 127.0.0.1.
package partnerstest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/partners"
)

// Epoch is the fake clock's time.
var Epoch = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Client starts the simulator newSim builds (verifying under the public
// key it is given) and returns a client of it, closed with the test.
func Client(t testing.TB, name string, newSim func(pub ed25519.PublicKey, clk clock.Clock) http.Handler) *partners.Client {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(Epoch)
	lb, err := partners.Listen(newSim(pub, clk))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	return &partners.Client{Name: name, Base: lb.URL, Key: priv, Clock: clk,
		Sleep: func(context.Context, time.Duration) error { return nil }}
}

// Sim is Client for a test that also keeps the simulator newSim makes.
func Sim[S http.Handler](t testing.TB, name string, newSim func(pub ed25519.PublicKey, clk clock.Clock) S) (*partners.Client, S) {
	t.Helper()
	var sim S
	c := Client(t, name, func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		sim = newSim(pub, clk)
		return sim
	})
	return c, sim
}
