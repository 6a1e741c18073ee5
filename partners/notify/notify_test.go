package notify

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"jikimi/errs"
	"jikimi/partners/partnerstest"
)

func newGateway(t *testing.T, ch Channel) (Gateway, *Sim) {
	t.Helper()
	c, sim := partnerstest.Sim(t, "notify-"+string(ch), NewSim)
	return Gateway{Channel: ch, Client: c}, sim
}

func TestSendDeliversOnceDespiteLostAnswer(t *testing.T) {
	t.Parallel()
	g, sim := newGateway(t, SMS)
	sim.Faults.DropAfterNext(1)
	m := Message{To: "01000000001", Body: "가상 알림"}
	if err := g.Send(context.Background(), "job-1", m); err != nil {
		t.Fatal(err)
	}
	if err := g.Send(context.Background(), "job-1", m); err != nil {
		t.Fatal(err)
	}
	if got := sim.To(SMS, "01000000001"); len(got) != 1 || got[0].Body != m.Body {
		t.Fatalf("delivered %+v, want the message once", got)
	}
	if sim.Faults.Requests() < 2 {
		t.Fatal("the lost answer was not retried")
	}
}

func TestEmailChannelKeptApart(t *testing.T) {
	t.Parallel()
	g, sim := newGateway(t, Email)
	m := Message{To: "member@example.invalid", Subject: "가상 제목", Body: "가상 본문"}
	if err := g.Send(context.Background(), "job-2", m); err != nil {
		t.Fatal(err)
	}
	if len(sim.To(Email, m.To)) != 1 || len(sim.To(SMS, m.To)) != 0 {
		t.Fatalf("inbox %+v", sim.Inbox())
	}
}

func TestIncompleteMessageRefused(t *testing.T) {
	t.Parallel()
	g, sim := newGateway(t, Email)
	err := g.Send(context.Background(), "job-3", Message{To: "member@example.invalid"})
	if errs.Code(err) != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if sim.Faults.Requests() != 0 || len(sim.Inbox()) != 0 {
		t.Fatal("an incomplete message reached the gateway")
	}
}

func TestGatewayRefusalIsInvalid(t *testing.T) {
	t.Parallel()
	g, sim := newGateway(t, Email)
	err := g.Send(context.Background(), "", Message{To: "member@example.invalid", Body: "가상"})
	if errs.Code(err) != errs.Invalid {
		t.Fatalf("err = %v, want invalid (the gateway refuses a send without a key)", err)
	}
	if len(sim.Inbox()) != 0 {
		t.Fatal("delivered a refused message")
	}
}

func TestInboxShowsDeliveries(t *testing.T) {
	t.Parallel()
	g, _ := newGateway(t, SMS)
	if err := g.Send(context.Background(), "job-4", Message{To: "01000000001", Body: "가상"}); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(g.Client.Base + "/v1/inbox")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got []Delivered
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || len(got) != 1 || got[0].Channel != SMS {
		t.Fatalf("inbox %+v %v", got, err)
	}
}
