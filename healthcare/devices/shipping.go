package devices

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/web"
)

// Shipment is one watch waiting to be linked: the participant (an opaque
// ID), the delivery address and contact, since when, and when it was
// shipped (zero while it is still to ship). A delivery goes enrolled ->
// shipped (MarkShipped) -> linked: the delivery data is destroyed when the
// watch is linked (Link), so a participant leaves the list then.
type Shipment struct {
	Subject string    `json:"subject"`
	Address string    `json:"delivery_address"`
	Contact string    `json:"delivery_contact"`
	Since   time.Time `json:"since"`
	Shipped time.Time `json:"shipped_at,omitzero"`
}

// ShippingList answers up to limit watches waiting to be shipped, in
// participant order after after, and the after of the next page ("" at
// the end). Each participant's delivery data is read through the gate by
// the operator (a staff actor in a role of purpose watch-delivery; every
// read is logged), so a role without it reads nothing.
func (r *Registry) ShippingList(ctx context.Context, operator vault.Actor, after string, limit int) ([]Shipment, string, error) {
	if operator.Kind != vault.Staff || limit <= 0 || limit > 500 {
		return nil, "", errs.E(errs.Invalid, "devices: a shipping list is read by staff, at most 500 at a time")
	}
	subjects, err := r.cfg.Vault.SubjectsWith(ctx, Service, DeliveryPurpose, after, limit)
	if err != nil {
		return nil, "", err
	}
	out := []Shipment{}
	for _, s := range subjects {
		recs, err := r.cfg.Vault.List(ctx, vault.Request{Actor: operator, Service: Service, Purpose: DeliveryPurpose, Subject: s,
			Items: []string{"delivery_address", "delivery_contact"}, Action: vault.View})
		if errs.Code(err) == errs.NotFound {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		shipped, err := r.shipped(ctx, s)
		if err != nil {
			return nil, "", err
		}
		for _, rec := range recs {
			out = append(out, Shipment{Subject: s, Address: rec.Values["delivery_address"], Contact: rec.Values["delivery_contact"], Since: rec.Created, Shipped: shipped})
		}
	}
	next := ""
	if len(subjects) == limit {
		next = subjects[len(subjects)-1]
	}
	return out, next, nil
}

// shipped is when the subject's watch was marked shipped; zero if not.
func (r *Registry) shipped(ctx context.Context, subject string) (time.Time, error) {
	var at int64
	err := r.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT shipped_at FROM hc_shipments WHERE subject_id = ?`, subject).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, errs.Wrap(errs.Internal, err, "devices: read the shipment")
	}
	return time.UnixMicro(at).UTC(), nil
}

// MarkShipped records that the operator shipped the participant's watch.
// The operator's access to the participant's delivery data is checked and
// logged by the gate (a read of the address, purpose watch-delivery), so a
// role without it, a participant without delivery data (never enrolled, or
// linked already) and an unknown one are all errs.NotFound. Marking again
// keeps the first time; the mark goes with the delivery data when the
// watch is linked.
func (r *Registry) MarkShipped(ctx context.Context, operator vault.Actor, subject string) error {
	if operator.Kind != vault.Staff {
		return errs.E(errs.Invalid, "devices: a watch is marked shipped by staff")
	}
	recs, err := r.cfg.Vault.List(ctx, vault.Request{Actor: operator, Service: Service, Purpose: DeliveryPurpose, Subject: subject,
		Items: []string{"delivery_address"}, Action: vault.View})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return errs.WithReason(errs.NotFound, "no_shipment", "devices: no watch waiting to ship for that participant")
	}
	return r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		// A watch linked since the read has no delivery left: no mark then.
		_, err := tx.ExecContext(ctx, `INSERT INTO hc_shipments (subject_id, shipped_at, shipped_by)
			SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM hc_devices WHERE subject_id = ?)
			ON CONFLICT (subject_id) DO NOTHING`, subject, r.cfg.Clock.Now().UnixMicro(), operator.ID, subject)
		return errs.WrapIf(err, "devices: mark shipped")
	})
}

// ShippingHTTP serves the shipping list to operators.
type ShippingHTTP struct {
	Registry *Registry
	Staff    func(r *http.Request, role string) (vault.Actor, error)
}

// Mount is GET /api/v1/healthcare/operator/shipments (?after=&limit=).
func (h *ShippingHTTP) Mount() web.Mount {
	return web.Mount{Name: "healthcare-shipping", OpenAPI: shippingAPI, Routes: []web.Route{
		{Method: "GET", Path: "/api/v1/healthcare/operator/shipments", Handle: h.list},
	}}
}

func (h *ShippingHTTP) list(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Staff(r, "health-operator")
	if err != nil {
		return err
	}
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil {
			return errs.E(errs.Invalid, "limit is a number from 1 to 500")
		}
	}
	got, next, err := h.Registry.ShippingList(r.Context(), a, r.URL.Query().Get("after"), limit)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	web.JSON(w, http.StatusOK, map[string]any{"shipments": got, "next": next})
	return nil
}

var shippingAPI = []byte(`paths:
  /api/v1/healthcare/operator/shipments:
    get:
      operationId: healthcareShipments
      summary: "Watches waiting to be shipped (health-operator): each participant's delivery address and contact, read through the gate and logged; destroyed when the watch is linked, so a participant leaves the list then."
      security: [{bearer: []}]
      parameters:
        - {name: after, in: query, schema: {type: string}, description: "the next page's start (next of the previous answer)"}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500}}
      responses:
        "200":
          description: A page of the list.
          content:
            application/json:
              schema:
                type: object
                required: [shipments, next]
                properties:
                  next: {type: string}
                  shipments:
                    type: array
                    items:
                      type: object
                      required: [subject, delivery_address, delivery_contact, since]
                      properties:
                        subject: {type: string}
                        delivery_address: {type: string}
                        delivery_contact: {type: string}
                        since: {type: string, format: date-time}
                        shipped_at: {type: string, format: date-time, description: "when an operator marked it shipped; absent while it is still to ship"}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
`)
