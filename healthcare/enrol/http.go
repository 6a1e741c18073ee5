package enrol

import (
	_ "embed"
	"net/http"
	"time"

	"jikimi/citizen"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// bodyLimit bounds a form's JSON.
const bodyLimit = 16 << 10

// Mount is the HTTP surface of enrolment, watches and withdrawal.
func (s *Service) Mount() web.Mount {
	return web.Mount{Name: "healthcare-enrol", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/api/v1/healthcare/enrolment-form", Handle: s.getForm},
		{Method: "POST", Path: "/api/v1/healthcare/identity-verifications", Handle: s.postVerification},
		{Method: "POST", Path: "/api/v1/healthcare/enrolments", Handle: s.postEnrolment},
		{Method: "GET", Path: "/api/v1/healthcare/devices", Handle: s.getDevices},
		{Method: "POST", Path: "/api/v1/healthcare/devices", Handle: s.postDevice},
		{Method: "DELETE", Path: "/api/v1/healthcare/devices/{id}", Handle: s.deleteDevice},
		{Method: "POST", Path: "/api/v1/healthcare/withdrawal", Handle: s.postWithdrawal},
	}}
}

type formBody struct {
	Consents  []FormConsent `json:"consents"`
	Districts []string      `json:"districts"`
	SeoulTies []string      `json:"seoul_ties"`
}

func (s *Service) getForm(w http.ResponseWriter, r *http.Request) error {
	form, err := s.Form()
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, formBody{Consents: form, Districts: s.districts.All(), SeoulTies: []string{TieResidence, TieWork, TieStudy}})
	return nil
}

func (s *Service) postVerification(w http.ResponseWriter, r *http.Request) error {
	var c identity.Claim
	if err := web.Decode(r, bodyLimit, &c); err != nil {
		return err
	}
	id, err := s.StartVerification(r.Context(), partners.IdempotencyKey(r), c)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, map[string]string{"verification_id": id})
	return nil
}

func (s *Service) postEnrolment(w http.ResponseWriter, r *http.Request) error {
	var a Application
	if err := web.Decode(r, bodyLimit, &a); err != nil {
		return err
	}
	e, err := s.Enrol(r.Context(), a, web.ClientIP(r))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, e)
	return nil
}

// participant is the logged-in participant of a request.
func (s *Service) participant(r *http.Request) (string, error) {
	_, sess, err := s.cfg.Accounts.Actor(r)
	if err != nil {
		return "", err
	}
	if sess.Service != ServiceName {
		return "", citizen.OtherService("손목닥터 9988 참여자로 로그인해 주세요 (log in as a healthcare participant)")
	}
	return sess.Subject, nil
}

type deviceBody struct {
	ID      string     `json:"device_id"`
	Token   string     `json:"token,omitempty"`
	Linked  time.Time  `json:"linked"`
	Revoked *time.Time `json:"revoked,omitempty"`
}

type devicesBody struct {
	Devices []deviceBody `json:"devices"`
}

func (s *Service) postDevice(w http.ResponseWriter, r *http.Request) error {
	subject, err := s.participant(r)
	if err != nil {
		return err
	}
	d, token, err := s.cfg.Devices.Link(r.Context(), subject, web.ClientIP(r))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, deviceBody{ID: d.ID, Token: token, Linked: d.Linked})
	return nil
}

func (s *Service) getDevices(w http.ResponseWriter, r *http.Request) error {
	subject, err := s.participant(r)
	if err != nil {
		return err
	}
	list, err := s.cfg.Devices.List(r.Context(), subject)
	if err != nil {
		return err
	}
	out := make([]deviceBody, len(list))
	for i, d := range list {
		out[i] = deviceBody{ID: d.ID, Linked: d.Linked}
		if !d.Revoked.IsZero() {
			out[i].Revoked = &list[i].Revoked
		}
	}
	web.JSON(w, http.StatusOK, devicesBody{Devices: out})
	return nil
}

func (s *Service) deleteDevice(w http.ResponseWriter, r *http.Request) error {
	subject, err := s.participant(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Devices.Revoke(r.Context(), subject, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) postWithdrawal(w http.ResponseWriter, r *http.Request) error {
	subject, err := s.participant(r)
	if err != nil {
		return err
	}
	if err := s.Withdraw(r.Context(), subject, web.ClientIP(r)); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]string{"status": "withdrawn"})
	return nil
}
