package insurance

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/partners"
)

func connect(t *testing.T, sys System, h func(ed25519.PublicKey, *clock.Fake) http.Handler) HTTP {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	lb, err := partners.Listen(h(pub, clk))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	return HTTP{System: sys, Client: &partners.Client{Name: string(sys), Base: lb.URL, Key: priv, Clock: clk,
		Sleep: func(context.Context, time.Duration) error { return nil }}}
}

func TestEverySystemAnswersItsItems(t *testing.T) {
	for _, sys := range Systems {
		t.Run(string(sys), func(t *testing.T) {
			c := connect(t, sys, func(pub ed25519.PublicKey, clk *clock.Fake) http.Handler { return Sim(sys, pub, clk) })
			got, err := c.Lookup(context.Background(), "000101-3000000")
			if err != nil || len(got) != len(Items[sys]) {
				t.Fatalf("Lookup = %v, %v", got, err)
			}
			if _, err := c.Lookup(context.Background(), "12345"); !partners.IsRefusal(err) {
				t.Fatalf("malformed number: %v, want a refusal", err)
			}
		})
	}
}

// A system answering other items than its own is unavailable, not shown.
func TestMalformedAnswerRefused(t *testing.T) {
	c := connect(t, Pension, func(pub ed25519.PublicKey, clk *clock.Fake) http.Handler { return Sim(Health, pub, clk) })
	if _, err := c.Lookup(context.Background(), "000101-3000000"); errs.Code(err) != errs.Unavailable {
		t.Fatalf("err = %v, want unavailable", err)
	}
}
