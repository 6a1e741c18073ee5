package complaint

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/partners"
)

func start(t *testing.T) (*Sim, *partners.Faults, HTTP) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sim, faults := &Sim{}, &partners.Faults{}
	lb, err := partners.Listen(faults.Wrap(sim.Handler(pub, clk)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	c := &partners.Client{Name: "epeople", Base: lb.URL, Key: priv, Clock: clk, Backoff: time.Millisecond,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	return sim, faults, HTTP{Client: c}
}

var report = Report{Name: "가상신고인", Address: "가상시 가상구 1", Mobile: "010-0000-0001", Landline: "02-0000-0001",
	Email: "reporter@example.invalid", Purpose: "복지부정신고 민원처리", Retention: "10y"}

// A filing lost on the way back is retried with its key and filed once.
func TestFileOnceThroughRetries(t *testing.T) {
	sim, faults, c := start(t)
	faults.DropAfterNext(1)
	got, err := c.File(context.Background(), "job-1", report)
	if err != nil || got.Reference == "" || got.Retention != "10y" {
		t.Fatalf("File = %+v, %v", got, err)
	}
	again, err := c.File(context.Background(), "job-1", report)
	if err != nil || again != got {
		t.Fatalf("second File = %+v, %v; want the first receipt", again, err)
	}
	if n := len(sim.Received()); n != 1 {
		t.Fatalf("filed %d times, want once", n)
	}
}

func TestIncompleteReportRefused(t *testing.T) {
	_, _, c := start(t)
	bad := report
	bad.Name = ""
	_, err := c.File(context.Background(), "job-2", bad)
	if !partners.IsRefusal(err) {
		t.Fatalf("err = %v, want a refusal", err)
	}
}
