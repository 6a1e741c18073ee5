// Package maeum is (주)마음수업, the mental-care partner of the Seoul
// healthcare service (provision maeum-suup): the connector that sends it a
// participant's profile and its loopback simulator.
//
// Per the provision, it receives the system ID, birth date and sex and
// nothing else. It must never send another item, and never put a value in
// a URL, a log line or an error.
package maeum

import (
	"context"
	"net/http"

	"jikimi/partners"
)

// Profile is what the partner receives.
type Profile struct {
	SystemID  string `json:"system_id"`
	BirthDate string `json:"birth_date"`
	Sex       string `json:"sex"`
}

// Items are the item IDs of the provision, in the policy's order.
var Items = []string{"system_id", "birth_date", "sex"}

// path is where the partner takes a profile.
const path = "/v1/users"

// HTTP is the connector.
type HTTP struct{ Client *partners.Client }

// Provide sends the provision's items; any other item is an error.
func (h HTTP) Provide(ctx context.Context, key string, items map[string]string) error {
	if err := partners.Exactly(items, Items); err != nil {
		return err
	}
	p := Profile{SystemID: items["system_id"], BirthDate: items["birth_date"], Sex: items["sex"]}
	return h.Client.Call(ctx, http.MethodPost, path, key, p, nil)
}

// Corrected tells the partner that items it received were corrected,
// with their corrected values; only the provision's items.
func (h HTTP) Corrected(ctx context.Context, key, subject string, values map[string]string) error {
	return partners.SendCorrection(ctx, h.Client, key, subject, values, Items)
}

// Sim is the partner's simulator: it keeps the profiles it received
// (Received) and the correction notices (Corrections), each idempotency
// key once.
type Sim = partners.ProvisionSim[Profile]

// NewSim returns the simulator.
func NewSim() *Sim { return &Sim{Intake: partners.Intake[Profile]{Path: path}} }
