package notify

import (
	"context"
	"net/http"

	"jikimi/errs"
	"jikimi/partners"
)

// Channel is how a message travels.
type Channel string

// The channels.
const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Message is one notice to one recipient: an e-mail address for Email, a
// mobile number for SMS (where Subject is not sent).
type Message struct {
	To      string `json:"to"`
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body"`
}

// Sender sends messages on one channel. The idempotency key makes a retried
// send deliver once: pass the job's key.
type Sender interface {
	Send(ctx context.Context, idempotencyKey string, m Message) error
}

// Gateway is the HTTP connector of one channel's gateway.
type Gateway struct {
	Channel Channel
	Client  *partners.Client
}

// Send posts the message to the gateway. A refusal (4xx) is errs.Invalid,
// which no retry can fix; anything else is left to the caller's retries.
func (g Gateway) Send(ctx context.Context, idempotencyKey string, m Message) error {
	if m.To == "" || m.Body == "" {
		return errs.E(errs.Invalid, "notify: a message has a recipient and a body")
	}
	err := g.Client.Call(ctx, http.MethodPost, "/v1/"+string(g.Channel), idempotencyKey, m, nil)
	if se, ok := err.(*partners.StatusError); ok {
		return errs.Wrap(errs.Invalid, se, "notify: the %s gateway refused the message", g.Channel)
	}
	return err
}
