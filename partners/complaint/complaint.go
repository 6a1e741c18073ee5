package complaint

import (
	"context"
	"net/http"

	"jikimi/partners"
)

// Report is what a complaint system receives: the reporter's items as the
// provision names them, what the recipient does with them, and how long it
// keeps them (the provision's declared retention, e.g. "3y").
type Report struct {
	Name      string `json:"name"`
	Address   string `json:"address"`
	Landline  string `json:"landline"`
	Mobile    string `json:"mobile"`
	Email     string `json:"email"`
	Purpose   string `json:"purpose"`
	Retention string `json:"retention"`
}

// Receipt is the system's acknowledgement: its own reference of the
// complaint (opaque) and the retention it recorded.
type Receipt struct {
	Reference string `json:"reference"`
	Retention string `json:"retention"`
}

// Filer files reports with one complaint system.
type Filer interface {
	File(ctx context.Context, idempotencyKey string, r Report) (Receipt, error)
}

// HTTP is the connector: signed JSON over HTTP, retried on transient
// failures with the same idempotency key.
type HTTP struct{ Client *partners.Client }

// File posts the report.
func (h HTTP) File(ctx context.Context, key string, r Report) (Receipt, error) {
	var out Receipt
	err := h.Client.Call(ctx, http.MethodPost, "/v1/complaints", key, r, &out)
	return out, err
}
