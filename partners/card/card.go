// Package card is the card company (신한카드) that turns healthcare points
// into 서울페이: the connector Jikimi calls and its loopback simulator.
//
// Per the policy's provision shinhan-card, the card company receives the
// participant's CI and nothing else about the person: a conversion carries
// the CI, the points and Jikimi's opaque reference. The package must never
// send any other personal item, and never put the CI in a URL, a log line
// or an error.
package card

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"jikimi/partners"
)

// Conversion is one request to credit 서울페이.
type Conversion struct {
	Reference string `json:"reference"` // Jikimi's opaque conversion ID
	CI        string `json:"ci"`
	Points    int64  `json:"points"`
}

// Record is the card company's record of a conversion: no CI comes back.
type Record struct {
	Reference string `json:"reference"`
	Points    int64  `json:"points"`
	Approval  string `json:"approval"` // the card company's approval number
}

// Company is the card company as Jikimi uses it.
type Company interface {
	// Convert credits 서울페이. key is the idempotency key: a retry with the
	// same key is answered with the first result and credits nothing more.
	Convert(ctx context.Context, key string, c Conversion) (Record, error)
	// Lookup returns the card company's record of a reference, or
	// errs.NotFound-like ErrUnknown when it has none.
	Lookup(ctx context.Context, reference string) (Record, error)
	// Records lists every conversion the card company holds, for
	// reconciliation.
	Records(ctx context.Context) ([]Record, error)
}

// ErrUnknown is Lookup's answer for a reference the card company never saw.
var ErrUnknown = errors.New("card company: unknown reference")

// HTTP is the connector over partners.Client.
type HTTP struct{ Client *partners.Client }

// Convert implements Company.
func (h HTTP) Convert(ctx context.Context, key string, c Conversion) (Record, error) {
	var r Record
	err := h.Client.Call(ctx, http.MethodPost, "/v1/conversions", key, c, &r)
	return r, err
}

// Lookup implements Company.
func (h HTTP) Lookup(ctx context.Context, reference string) (Record, error) {
	var r Record
	err := h.Client.Call(ctx, http.MethodGet, "/v1/conversions/"+url.PathEscape(reference), "", nil, &r)
	var se *partners.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return r, ErrUnknown
	}
	return r, err
}

// Records implements Company.
func (h HTTP) Records(ctx context.Context) ([]Record, error) {
	var out struct {
		Conversions []Record `json:"conversions"`
	}
	err := h.Client.Call(ctx, http.MethodGet, "/v1/conversions", "", nil, &out)
	return out.Conversions, err
}
