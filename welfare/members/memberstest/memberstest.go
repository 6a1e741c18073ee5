// Package memberstest builds 복지로 membership for tests, over a test gate,
// with the simulators of its outside systems (the SMS gateway, the
// social-security information system, the identity service) behind signed
// loopback clients.
package memberstest

import (
	"crypto/ed25519"
	"net/http"
	"testing"

	"jikimi/clock"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/partners/socialsecurity"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/members"
)

// Fixture is membership with its simulators.
type Fixture struct {
	Members *members.Service
	SMS     *notify.Sim      // what was texted: a representative's code
	Notify  *partners.Client // the notification gateway's client (SMS and e-mail)
}

// New builds membership over env, hashing passwords with hasher.
func New(t testing.TB, env *vaulttest.Env, hasher members.PasswordHasher) *Fixture {
	t.Helper()
	f := &Fixture{}
	f.Notify = partnerstest.Client(t, "notify", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		f.SMS = notify.NewSim(pub, clk)
		return f.SMS
	})
	ss := partnerstest.Client(t, "socialsecurity", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		return socialsecurity.NewSim(pub, clk)
	})
	id := partnerstest.Client(t, "identity", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		return identity.NewSim(pub, clk)
	})
	mem, err := members.New(members.Config{Vault: env.Vault, Hasher: hasher, Clock: env.Clock, SMS: notify.Gateway{Channel: notify.SMS, Client: f.Notify},
		Social: socialsecurity.HTTP{Client: ss}, Identity: identity.Connector{Client: id}})
	if err != nil {
		t.Fatal(err)
	}
	f.Members = mem
	return f
}
