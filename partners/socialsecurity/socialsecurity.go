package socialsecurity

import (
	"context"
	"errors"
	"net/http"

	"jikimi/errs"
	"jikimi/partners"
)

// Offer is a service the person can apply for.
type Offer struct {
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
}

// Application is one application the person made and where it stands.
type Application struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
	Status    string `json:"status"` // submitted, under_review, decided
	Submitted string `json:"submitted"`
}

// Overview is what the system knows of a person for Bokjiro.
type Overview struct {
	Offers       []Offer       `json:"offers"`
	Applications []Application `json:"applications"`
}

// Connector looks a person up by resident registration number.
type Connector interface {
	Overview(ctx context.Context, idempotencyKey, rrn string) (Overview, error)
}

// HTTP is the connector over the system's signed JSON API.
type HTTP struct{ Client *partners.Client }

type lookup struct {
	RRN string `json:"rrn"`
}

// Overview asks the system; a person it does not know is errs.NotFound.
func (h HTTP) Overview(ctx context.Context, idempotencyKey, rrn string) (Overview, error) {
	var out Overview
	err := h.Client.Call(ctx, http.MethodPost, "/v1/overview", idempotencyKey, lookup{RRN: rrn}, &out)
	var se *partners.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return Overview{}, errs.WithReason(errs.NotFound, "not_registered", "the social-security information system has no record of this person")
	}
	return out, err
}
