package card

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/partners"
)

// ci is a synthetic CI: 88 base64 characters, all zeros but the last.
func ci(n byte) string { return strings.Repeat("A", 87) + string('A'+n) }

func open(t *testing.T) (HTTP, *Sim, *partners.Faults) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sim, faults := NewSim(), &partners.Faults{}
	lb, err := partners.Listen(faults.Wrap(partners.Verified(pub, clk, sim)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	noSleep := func(context.Context, time.Duration) error { return nil }
	return HTTP{Client: &partners.Client{Name: "card-company", Base: lb.URL, Key: priv, Clock: clk, Sleep: noSleep}}, sim, faults
}

func TestConvertIsCreditedOnceUnderRetries(t *testing.T) {
	c, sim, faults := open(t)
	ctx := context.Background()
	faults.DropAfterNext(1) // handled, then the answer is lost: the client retries
	rec, err := c.Convert(ctx, "cv_1", Conversion{Reference: "cv_1", CI: ci(1), Points: 500})
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Convert(ctx, "cv_1", Conversion{Reference: "cv_1", CI: ci(1), Points: 500})
	if err != nil {
		t.Fatal(err)
	}
	if sim.Credits() != 1 || rec != again || rec.Points != 500 {
		t.Fatalf("credits %d, answers %+v / %+v: want one credit of 500 answered alike", sim.Credits(), rec, again)
	}
	got, err := c.Lookup(ctx, "cv_1")
	if err != nil || got != rec {
		t.Fatalf("Lookup = %+v, %v", got, err)
	}
	all, err := c.Records(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("Records = %+v, %v", all, err)
	}
}

func TestRefusals(t *testing.T) {
	c, sim, _ := open(t)
	ctx := context.Background()
	sim.Refuse(ci(2))
	for _, tc := range []struct {
		name, ci, code string
	}{
		{"malformed CI", "not-a-ci", "invalid_ci"},
		{"no 서울페이 card", ci(2), "no_card"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Convert(ctx, "k-"+tc.code, Conversion{Reference: "r-" + tc.code, CI: tc.ci, Points: 1})
			var se *partners.StatusError
			if !errors.As(err, &se) || se.Code != tc.code {
				t.Fatalf("err = %v, want a refusal %s", err, tc.code)
			}
		})
	}
	if sim.Credits() != 0 {
		t.Errorf("a refusal credited %d conversions", sim.Credits())
	}
	if _, err := c.Lookup(ctx, "r-no_card"); !errors.Is(err, ErrUnknown) {
		t.Errorf("Lookup of a refused reference = %v, want ErrUnknown", err)
	}
}

func TestSimTakesNoOtherPersonalItem(t *testing.T) {
	c, sim, _ := open(t)
	in := struct {
		Conversion
		Name string `json:"name"`
	}{Conversion{Reference: "cv_x", CI: ci(3), Points: 1}, "가상"}
	err := c.Client.Call(context.Background(), "POST", "/v1/conversions", "k", in, nil)
	if !partners.IsRefusal(err) || sim.Credits() != 0 {
		t.Fatalf("a request with a name: err %v, credits %d; want a refusal", err, sim.Credits())
	}
}
