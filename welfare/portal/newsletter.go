package portal

import (
	"net/http"

	"jikimi/web"
	"jikimi/welfare/newsletter"
)

type newsletterBody struct {
	Email       string `json:"email"`
	BirthYear   int    `json:"birth_year"`
	ConsentText string `json:"consent_text"`
}

// newsletterSubscribe needs no login: anyone may subscribe. The answer's ID
// is the unsubscribe secret every newsletter carries.
func (h *HTTP) newsletterSubscribe(w http.ResponseWriter, r *http.Request) error {
	var in newsletterBody
	if err := web.Decode(r, maxBody, &in); err != nil {
		return err
	}
	id, err := h.Newsletter.Subscribe(r.Context(), web.ClientIP(r), newsletter.Subscription{Email: in.Email, BirthYear: in.BirthYear, ConsentText: in.ConsentText})
	if err != nil {
		return err
	}
	return created(w, map[string]string{"subscription_id": id})
}

// newsletterUnsubscribe is the link every newsletter mail carries: the
// subscription's ID and its signature, so only the mail's recipient can
// use it (POST, so that a mail scanner following links unsubscribes no
// one). A wrong or missing signature is 404, like an unknown ID.
func (h *HTTP) newsletterUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := h.Newsletter.Unsubscribe(r.Context(), web.ClientIP(r), q.Get("subscription"), q.Get("sig")); err != nil {
		return err
	}
	return noContent(w)
}
