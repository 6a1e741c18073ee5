package insurance

import (
	"context"
	"net/http"

	"jikimi/errs"
	"jikimi/partners"
)

// System is one social-insurance system.
type System string

// The systems, in the order 나의 복지서비스 shows them.
const (
	Pension    System = "pension"    // 국민연금공단
	Health     System = "health"     // 국민건강보험공단
	Employment System = "employment" // 고용보험
	Accident   System = "accident"   // 산재보험
)

// Systems lists every system.
var Systems = []System{Pension, Health, Employment, Accident}

// Items are the items of 복지로 purpose my-welfare each system answers.
var Items = map[System][]string{
	Pension:    {"pension_premium", "pension_months", "pension_paid", "pension_expected"},
	Health:     {"nhi_checkup_type", "nhi_eligibility", "nhi_details"},
	Employment: {"ei_employer", "ei_acquired", "ei_lost"},
	Accident:   {"iaci_employer", "iaci_acquired", "iaci_lost"},
}

// Looker fetches one person's record from one system: item ID -> value.
type Looker interface {
	Lookup(ctx context.Context, rrn string) (map[string]string, error)
}

// HTTP is the connector of one system: signed JSON over HTTP. A look-up
// changes nothing, so it carries no idempotency key.
type HTTP struct {
	System System
	Client *partners.Client
}

type lookup struct {
	RRN string `json:"rrn"`
}

type answer struct {
	Items map[string]string `json:"items"`
}

// Lookup asks the system for the person's record and checks that it holds
// exactly the system's items.
func (h HTTP) Lookup(ctx context.Context, rrn string) (map[string]string, error) {
	var out answer
	if err := h.Client.Call(ctx, http.MethodPost, "/v1/records/lookup", "", lookup{RRN: rrn}, &out); err != nil {
		return nil, err
	}
	if len(out.Items) != len(Items[h.System]) {
		return nil, errs.E(errs.Unavailable, "insurance system %s answered a malformed record", h.System)
	}
	for _, it := range Items[h.System] {
		if _, ok := out.Items[it]; !ok {
			return nil, errs.E(errs.Unavailable, "insurance system %s answered a malformed record", h.System)
		}
	}
	return out.Items, nil
}
