package socialsecurity

import (
	"context"
	"testing"

	"jikimi/errs"
	"jikimi/partners/partnerstest"
)

func newConnector(t *testing.T) (HTTP, *Sim) {
	t.Helper()
	c, sim := partnerstest.Sim(t, "socialsecurity", NewSim)
	return HTTP{Client: c}, sim
}

func TestOverviewAfterTransientFailure(t *testing.T) {
	t.Parallel()
	c, sim := newConnector(t)
	sim.Faults.FailNext(1)
	o, err := c.Overview(context.Background(), "k1", "900101-1000001")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Offers) != 2 || len(o.Applications) != 1 || o.Applications[0].Status == "" {
		t.Fatalf("overview %+v", o)
	}
	again, _ := c.Overview(context.Background(), "k2", "9001011000001")
	if again.Offers[0] != o.Offers[0] {
		t.Fatal("the same person got different offers")
	}
}

func TestUnknownPersonIsNotFound(t *testing.T) {
	t.Parallel()
	c, _ := newConnector(t)
	_, err := c.Overview(context.Background(), "k", "900101-1000000")
	if errs.Code(err) != errs.NotFound {
		t.Fatalf("err = %v, want not_found", err)
	}
}

func TestMalformedRRNRefusedNotRetried(t *testing.T) {
	t.Parallel()
	c, sim := newConnector(t)
	_, err := c.Overview(context.Background(), "k", "12345")
	if err == nil || sim.Faults.Requests() != 1 {
		t.Fatalf("err = %v after %d requests, want one refused request", err, sim.Faults.Requests())
	}
}
