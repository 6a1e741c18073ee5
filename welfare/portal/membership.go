package portal

import (
	"net/http"

	"jikimi/partners"
	"jikimi/partners/identity"

	"jikimi/errs"
	"jikimi/web"
	"jikimi/welfare/members"
)

type verificationBody struct {
	Mobile string `json:"mobile"`
}

func (h *HTTP) startVerification(w http.ResponseWriter, r *http.Request) error {
	var in verificationBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	id, err := h.Members.StartVerification(r.Context(), in.Mobile)
	if err != nil {
		return err
	}
	return created(w, map[string]string{"verification_id": id})
}

type representativeBody struct {
	Name           string `json:"name"`
	Mobile         string `json:"mobile"`
	Email          string `json:"email"`
	VerificationID string `json:"verification_id"`
	Code           string `json:"code"`
}

type joinBody struct {
	Name           string              `json:"name"`
	UserID         string              `json:"user_id"`
	Password       string              `json:"password"`
	Email          string              `json:"email"`
	Mobile         string              `json:"mobile"`
	Under14        bool                `json:"under_14"`
	Representative *representativeBody `json:"representative"`
	ConsentText    string              `json:"consent_text"`
}

func (b joinBody) application() members.Application {
	a := members.Application{Name: b.Name, UserID: b.UserID, Password: b.Password, Email: b.Email, Mobile: b.Mobile,
		Under14: b.Under14, ConsentText: b.ConsentText}
	if rep := b.Representative; rep != nil {
		a.Rep = &members.Representative{Name: rep.Name, Mobile: rep.Mobile, Email: rep.Email, Verification: rep.VerificationID, Code: rep.Code}
	}
	return a
}

func (h *HTTP) join(w http.ResponseWriter, r *http.Request) error {
	var in joinBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	m, err := h.Members.Join(r.Context(), web.ClientIP(r), in.application())
	if err != nil {
		return err
	}
	return created(w, map[string]any{"subject": m.Subject, "user_id": m.UserID, "minor": m.Minor})
}

func (h *HTTP) profile(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	p, err := h.Members.Profile(r.Context(), actor, subject)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, p)
	return nil
}

// withdraw ends the membership (회원 탈퇴): the 복지알림이 first (its
// unsubscription), then the membership, then every session.
func (h *HTTP) withdraw(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	if err := h.Alerts.Unsubscribe(r.Context(), actor, subject); err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	if err := h.Members.Withdraw(r.Context(), actor, subject); err != nil {
		return err
	}
	if err := h.Citizens.EndSessions(r.Context(), subject); err != nil {
		return err
	}
	return noContent(w)
}

// startIdentity starts a verification of the signed-in member's identity
// (본인확인), which the link and 나의 복지서비스 name: only the member's own
// number passes with it.
func (h *HTTP) startIdentity(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := h.member(r); err != nil {
		return err
	}
	var in identity.Claim
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	id, err := h.Members.StartIdentity(r.Context(), partners.IdempotencyKey(r), in)
	if err != nil {
		return err
	}
	return created(w, map[string]string{"verification_id": id})
}

type linkBody struct {
	VerificationID  string `json:"verification_id"`
	RRN             string `json:"rrn"`
	DetailedAddress string `json:"detailed_address"`
	ConsentText     string `json:"consent_text"`
}

func (h *HTTP) link(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	var in linkBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	l := members.Link{RRN: in.RRN, Address: in.DetailedAddress, ConsentText: in.ConsentText, Verification: in.VerificationID}
	if err := h.Members.LinkSocialSecurity(r.Context(), actor, subject, l); err != nil {
		return err
	}
	return noContent(w)
}

func (h *HTTP) unlink(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	if err := h.Members.Unlink(r.Context(), actor, subject); err != nil {
		return err
	}
	return noContent(w)
}

func (h *HTTP) overview(w http.ResponseWriter, r *http.Request) error {
	actor, subject, err := h.member(r)
	if err != nil {
		return err
	}
	o, err := h.Members.Overview(r.Context(), actor, subject)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, o)
	return nil
}
