package notify

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"sync"

	"jikimi/clock"
	"jikimi/partners"
)

// Sim is the loopback simulator of both gateways: it accepts signed
// messages, delivers each idempotency key once, and keeps what it delivered
// in memory (the recipients' phones and mailboxes).
type Sim struct {
	Faults partners.Faults

	once  partners.Idempotent
	mu    sync.Mutex
	inbox []Delivered
	h     http.Handler
}

// Delivered is one message the simulator delivered.
type Delivered struct {
	Channel Channel `json:"channel"`
	Message
}

// NewSim returns a simulator that verifies requests under pub.
func NewSim(pub ed25519.PublicKey, clk clock.Clock) *Sim {
	s := &Sim{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/email", s.accept(Email))
	mux.HandleFunc("POST /v1/sms", s.accept(SMS))
	top := http.NewServeMux()
	top.Handle("/", s.Faults.Wrap(partners.Verified(pub, clk, mux)))
	// The recipients' side, for the demo: what was delivered, unsigned, on
	// 127.0.0.1 only (the simulator listens nowhere else).
	top.HandleFunc("GET /v1/inbox", func(w http.ResponseWriter, r *http.Request) { partners.Reply(w, http.StatusOK, s.Inbox()) })
	s.h = top
	return s
}

// ServeHTTP serves the gateways' API.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

func (s *Sim) accept(ch Channel) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var m Message
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.To == "" || m.Body == "" {
			partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "bad_message"})
			return
		}
		_, err := s.once.Once(r.Header.Get(partners.HeaderIdempotency), func() ([]byte, error) {
			s.mu.Lock()
			s.inbox = append(s.inbox, Delivered{Channel: ch, Message: m})
			s.mu.Unlock()
			return nil, nil
		})
		if err != nil {
			partners.Reply(w, http.StatusBadRequest, map[string]string{"code": "missing_idempotency_key"})
			return
		}
		partners.Reply(w, http.StatusAccepted, map[string]string{"status": "accepted"})
	}
}

// Inbox returns what was delivered, oldest first.
func (s *Sim) Inbox() []Delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivered(nil), s.inbox...)
}

// To returns what was delivered to one recipient on one channel.
func (s *Sim) To(ch Channel, to string) []Delivered {
	var out []Delivered
	for _, d := range s.Inbox() {
		if d.Channel == ch && d.To == to {
			out = append(out, d)
		}
	}
	return out
}
