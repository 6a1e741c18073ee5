package identity

import (
	"context"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/keys"
	"jikimi/partners/partnerstest"
)

var ctx = context.Background()

func newConnector(t *testing.T) (Connector, *Sim) {
	t.Helper()
	c, sim := partnerstest.Sim(t, "identity", NewSim)
	return Connector{Client: c}, sim
}

var claim = Claim{Name: "김가상", BirthDate: "1950-01-01", Sex: "F", Mobile: "010-0000-0001"}

func TestVerifyAnswersIdentity(t *testing.T) {
	t.Parallel()
	c, _ := newConnector(t)
	id, err := c.Start(ctx, "start-1", claim)
	if err != nil || id == "" {
		t.Fatalf("Start = %q, %v", id, err)
	}
	got, err := c.Result(ctx, id)
	if err != nil || got.Claim != claim || got.DI == "" {
		t.Fatalf("Result = %+v, %v", got, err)
	}
	if _, err := keys.NormalizeCI(got.CI); err != nil {
		t.Fatalf("the simulated CI is malformed: %v", err)
	}
	// The same person on another phone is the same CI.
	other := claim
	other.Mobile = "010-0000-0002"
	id2, _ := c.Start(ctx, "start-2", other)
	got2, err := c.Result(ctx, id2)
	if err != nil || got2.CI != got.CI {
		t.Fatal("a person's CI changed with their phone")
	}
}

func TestStartIsIdempotent(t *testing.T) {
	t.Parallel()
	c, sim := newConnector(t)
	sim.Faults.DropAfterNext(1)
	id, err := c.Start(ctx, "start-1", claim)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Start(ctx, "start-1", claim)
	if err != nil || again != id {
		t.Fatalf("a retried start answered %q, want %q (%v)", again, id, err)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	c, _ := newConnector(t)
	_, err := c.Result(ctx, "ver_nothing")
	errstest.Want(t, err, errs.Invalid, "unknown_verification")
	_, err = c.Result(ctx, "")
	errstest.Want(t, err, errs.Invalid, "unknown_verification")
	_, err = c.Start(ctx, "start-3", Claim{Name: "김가상"})
	errstest.Want(t, err, errs.Invalid, "claim_refused")
}

func TestOverrideCI(t *testing.T) {
	t.Parallel()
	c, sim := newConnector(t)
	sim.OverrideCI(claim.Mobile, "not-a-ci")
	id, _ := c.Start(ctx, "start-1", claim)
	got, err := c.Result(ctx, id)
	if err != nil || got.CI != "not-a-ci" {
		t.Fatalf("Result = %+v, %v", got, err)
	}
}
