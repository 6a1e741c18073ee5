// Package bodyinfo is 한국신체정보(주), the home-training partner of the
// Seoul healthcare service (provision korea-body-info): the connector that
// sends it a participant's profile and its loopback simulator.
//
// Per the provision, it receives the birth date, sex, height and system ID
// and nothing else. It must never send another item, and never put a value
// in a URL, a log line or an error.
package bodyinfo

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
	Height    string `json:"height"`
}

// Items are the item IDs of the provision, in the policy's order.
var Items = []string{"birth_date", "sex", "height", "system_id"}

// path is where the partner takes a profile.
const path = "/v1/members"

// HTTP is the connector.
type HTTP struct{ Client *partners.Client }

// Provide sends the provision's items; any other item is an error.
func (h HTTP) Provide(ctx context.Context, key string, items map[string]string) error {
	if err := partners.Exactly(items, Items); err != nil {
		return err
	}
	p := Profile{SystemID: items["system_id"], BirthDate: items["birth_date"], Sex: items["sex"], Height: items["height"]}
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
