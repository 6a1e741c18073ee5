package insurance

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"maps"
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

// The simulators answer per person: two numbers, two records; the same
// number, the same record.
func TestSimAnswersPerPerson(t *testing.T) {
	for _, sys := range Systems {
		c := connect(t, sys, func(pub ed25519.PublicKey, clk *clock.Fake) http.Handler { return Sim(sys, pub, clk) })
		a, err1 := c.Lookup(context.Background(), "600101-1000001")
		b, err2 := c.Lookup(context.Background(), "600101-2000002")
		again, err3 := c.Lookup(context.Background(), "6001011000001")
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if maps.Equal(a, b) || !maps.Equal(a, again) {
			t.Fatalf("%s: %v, %v, %v: want one record per person", sys, a, b, again)
		}
	}
}
