package rights

import (
	_ "embed"
	"net/http"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// HTTP serves rights requests: citizens file and follow their own and read
// their data at once (me/data, me/export); the privacy officer lists,
// opens, answers, extends and refuses them, and records requests received
// on paper, by e-mail or fax.
type HTTP struct {
	Rights *Service
	// Citizen is the signed-in subject of a request and the service their
	// session belongs to.
	Citizen func(r *http.Request) (actor vault.Actor, service string, err error)
	// Officer is the signed-in staff member acting as privacy officer.
	Officer func(r *http.Request) (vault.Actor, error)
}

// Mount is the rights HTTP surface.
func (h *HTTP) Mount() web.Mount {
	return web.Mount{Name: "rights", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "POST", Path: "/api/v1/{service}/rights/requests", Handle: h.file},
		{Method: "GET", Path: "/api/v1/{service}/rights/requests", Handle: h.mine},
		{Method: "GET", Path: "/api/v1/{service}/rights/requests/{id}", Handle: h.one},
		{Method: "GET", Path: "/api/v1/{service}/me/data", Handle: h.myData},
		{Method: "GET", Path: "/api/v1/{service}/me/export", Handle: h.export},
		{Method: "GET", Path: "/api/v1/{service}/me/notices", Handle: h.notices},
		{Method: "GET", Path: "/api/v1/{service}/me/reconsent", Handle: h.reconsents},
		{Method: "POST", Path: "/api/v1/{service}/me/reconsent", Handle: h.reconsent},
		{Method: "GET", Path: "/api/v1/rights/queue", Handle: h.queue},
		{Method: "POST", Path: "/api/v1/rights/requests", Handle: h.record},
		{Method: "GET", Path: "/api/v1/rights/requests/{id}", Handle: h.open},
		{Method: "POST", Path: "/api/v1/rights/requests/{id}/answer", Handle: h.answer},
		{Method: "POST", Path: "/api/v1/rights/requests/{id}/extend", Handle: h.extend},
		{Method: "POST", Path: "/api/v1/rights/requests/{id}/refuse", Handle: h.refuse},
		{Method: "POST", Path: "/api/v1/rights/requests/{id}/lift", Handle: h.lift},
	}}
}

const maxBody = 16 << 10

// citizen is the signed-in subject, whose session must be of the path's service.
func (h *HTTP) citizen(r *http.Request) (vault.Actor, string, error) {
	service := r.PathValue("service")
	if _, err := h.Rights.policy(service); err != nil {
		return vault.Actor{}, "", err
	}
	actor, of, err := h.Citizen(r)
	if err != nil {
		return vault.Actor{}, "", err
	}
	if of != service {
		return vault.Actor{}, "", forbidden("other_service", "the session is of another service: sign in to this one")
	}
	return actor, service, nil
}

// filingBody is a request as a citizen or the officer sends it.
type filingBody struct {
	Service      string        `json:"service,omitempty"` // officer only
	Subject      string        `json:"subject,omitempty"` // whose data; the signed-in subject's when omitted
	Kind         string        `json:"kind"`
	Purposes     []string      `json:"purposes,omitempty"`
	Items        []string      `json:"items,omitempty"`
	Consents     []string      `json:"consents,omitempty"`
	ObjectsTo    string        `json:"objects_to,omitempty"`
	Channel      Channel       `json:"channel,omitempty"` // officer only: paper, email or fax
	As           Requester     `json:"as,omitempty"`
	Verification string        `json:"verification,omitempty"`
	Attorney     *attorneyBody `json:"attorney,omitempty"`
}

type attorneyBody struct {
	Kinds []Kind `json:"kinds"`
	From  string `json:"from"`  // YYYY-MM-DD
	Until string `json:"until"` // YYYY-MM-DD, inclusive
}

func (b filingBody) filing(service, subject string) (Filing, error) {
	f := Filing{Service: service, Subject: subject, Kind: b.Kind, Purposes: b.Purposes, Items: b.Items, Consents: b.Consents,
		ObjectsTo: b.ObjectsTo, Channel: b.Channel, As: b.As, Verification: b.Verification}
	if b.Subject != "" {
		f.Subject = b.Subject
	}
	if a := b.Attorney; a != nil {
		var err error
		if f.Attorney, err = ParseAttorney(a.Kinds, a.From, a.Until); err != nil {
			return f, err
		}
	}
	return f, nil
}

// ParseAttorney reads a power of attorney as it is written: the kinds of
// request it covers, and its first and last days (YYYY-MM-DD, in Seoul).
func ParseAttorney(kinds []Kind, from, until string) (*Attorney, error) {
	f, err1 := time.ParseInLocation(time.DateOnly, from, Seoul)
	u, err2 := time.ParseInLocation(time.DateOnly, until, Seoul)
	if err1 != nil || err2 != nil {
		return nil, invalid("bad_attorney", "the power of attorney's from and until are dates, YYYY-MM-DD")
	}
	return &Attorney{Kinds: kinds, From: f.UTC(), Until: u.UTC()}, nil
}

type createdBody struct {
	ID         string    `json:"id"`
	Kind       Kind      `json:"kind"`
	Status     Status    `json:"status"`
	ReceivedAt time.Time `json:"received_at"`
	DueAt      time.Time `json:"due_at"`
}

func created(w http.ResponseWriter, r *Request) error {
	web.JSON(w, http.StatusCreated, createdBody{ID: r.ID, Kind: r.Kind, Status: r.Status, ReceivedAt: r.ReceivedAt, DueAt: r.DueAt})
	return nil
}

func (h *HTTP) file(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	var in filingBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	if in.Service != "" || in.Channel != "" {
		return invalid("officer_only", "service and channel are set by the path and the session")
	}
	f, err := in.filing(service, actor.ID)
	if err != nil {
		return err
	}
	req, err := h.Rights.File(r.Context(), actor, f)
	if err != nil {
		return err
	}
	return created(w, req)
}

type listBody struct {
	Requests []*Request `json:"requests"`
}

func (h *HTTP) mine(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	rs, err := h.Rights.Mine(r.Context(), actor, service)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, listBody{rs})
	return nil
}

func (h *HTTP) one(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	d, err := h.Rights.Get(r.Context(), actor, service, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, d)
	return nil
}

func (h *HTTP) myData(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	a, err := h.Rights.MyData(r.Context(), actor, service)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
		web.JSON(w, http.StatusOK, a)
		return nil
	case "html":
		return writeHTML(w, a)
	}
	return invalid("unknown_format", "format is json or html")
}

func (h *HTTP) export(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	var include []string
	if v := r.URL.Query().Get("include"); v != "" {
		include = strings.Split(v, ",")
	}
	return h.Rights.Export(r.Context(), w, actor, service, r.URL.Query().Get("format"), include)
}

func (h *HTTP) queue(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Officer(r)
	if err != nil {
		return err
	}
	rs, err := h.Rights.Queue(r.Context(), o, r.URL.Query().Get("service"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, listBody{rs})
	return nil
}

func (h *HTTP) record(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Officer(r)
	if err != nil {
		return err
	}
	var in filingBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	if in.Service == "" || in.Subject == "" || in.Channel == "" {
		return invalid("missing_field", "a request received outside the service names its service, subject and channel")
	}
	if _, err := h.Rights.policy(in.Service); err != nil {
		return invalid("unknown_service", "no such service")
	}
	f, err := in.filing(in.Service, in.Subject)
	if err != nil {
		return err
	}
	req, err := h.Rights.File(r.Context(), o, f)
	if err != nil {
		return err
	}
	return created(w, req)
}

func (h *HTTP) open(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Officer(r)
	if err != nil {
		return err
	}
	d, err := h.Rights.Open(r.Context(), o, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, d)
	return nil
}

type reasonBody struct {
	Reason      string            `json:"reason"`
	Withheld    []string          `json:"withheld,omitempty"`
	Corrections []CorrectedValues `json:"corrections,omitempty"`
}

// act runs one officer action with its body.
func (h *HTTP) act(w http.ResponseWriter, r *http.Request, do func(o vault.Actor, id string, in reasonBody) (*Request, error)) error {
	o, err := h.Officer(r)
	if err != nil {
		return err
	}
	var in reasonBody
	if r.ContentLength != 0 {
		if err := web.Decode(r, maxBody, &in); err != nil {
			return err
		}
	}
	req, err := do(o, r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, req)
	return nil
}

func (h *HTTP) answer(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, func(o vault.Actor, id string, in reasonBody) (*Request, error) {
		return h.Rights.Answer(r.Context(), o, id, Outcome{Withheld: in.Withheld, Reason: in.Reason, Corrections: in.Corrections})
	})
}

func (h *HTTP) extend(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, func(o vault.Actor, id string, in reasonBody) (*Request, error) {
		if len(in.Withheld)+len(in.Corrections) > 0 {
			return nil, errs.E(errs.Invalid, "an extension withholds nothing")
		}
		return h.Rights.Extend(r.Context(), o, id, in.Reason)
	})
}

func (h *HTTP) refuse(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, func(o vault.Actor, id string, in reasonBody) (*Request, error) {
		if len(in.Withheld)+len(in.Corrections) > 0 {
			return nil, errs.E(errs.Invalid, "a refusal withholds everything: name only its reason")
		}
		return h.Rights.Refuse(r.Context(), o, id, in.Reason)
	})
}

func (h *HTTP) lift(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, func(o vault.Actor, id string, in reasonBody) (*Request, error) {
		return h.Rights.Lift(r.Context(), o, id)
	})
}

type noticesBody struct {
	Notices []Notice `json:"notices"`
}

func (h *HTTP) notices(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	ns, err := h.Rights.Notices(r.Context(), actor, service)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, noticesBody{ns})
	return nil
}

type reconsentBody struct {
	Consents []Outdated `json:"consents"`
}

func (h *HTTP) reconsents(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	out, err := h.Rights.Reconsents(r.Context(), actor, service)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, reconsentBody{out})
	return nil
}

type scopesBody struct {
	Scopes []string `json:"scopes"`
}

func (h *HTTP) reconsent(w http.ResponseWriter, r *http.Request) error {
	actor, service, err := h.citizen(r)
	if err != nil {
		return err
	}
	var in scopesBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	out, err := h.Rights.Reconsent(r.Context(), actor, service, in.Scopes)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, reconsentBody{out})
	return nil
}
