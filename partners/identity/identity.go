package identity

import (
	"context"
	"net/http"
	"net/url"

	"jikimi/errs"
	"jikimi/partners"
)

// Claim is who a citizen says they are.
type Claim struct {
	Name      string `json:"name"`
	BirthDate string `json:"birth_date"` // YYYY-MM-DD
	Sex       string `json:"sex"`        // "F" or "M"
	Mobile    string `json:"mobile"`
}

// Identity is a verified person: the claim as verified, with the CI and DI.
type Identity struct {
	Claim
	CI string `json:"ci"` // 연계정보: 88 characters of base64
	DI string `json:"di"` // 중복가입확인정보: site-specific
}

// Verifier starts verifications and reads their results.
type Verifier interface {
	// Start asks the service to verify a claim; the citizen confirms it
	// with the service (a code on their phone) and the answer is the
	// verification's ID. The idempotency key makes a retried start one.
	Start(ctx context.Context, idempotencyKey string, c Claim) (string, error)
	// Result answers the verified identity of a confirmed verification;
	// an unknown or unconfirmed one is errs.Invalid "unknown_verification".
	Result(ctx context.Context, id string) (Identity, error)
}

// Connector is the HTTP connector.
type Connector struct {
	Client *partners.Client
}

type started struct {
	ID string `json:"id"`
}

// Start posts the claim. A refusal (4xx) is errs.Invalid "claim_refused".
func (c Connector) Start(ctx context.Context, idempotencyKey string, cl Claim) (string, error) {
	var out started
	err := c.Client.Call(ctx, http.MethodPost, "/v1/verifications", idempotencyKey, cl, &out)
	if partners.IsRefusal(err) {
		return "", reason(errs.Wrap(errs.Invalid, err, "본인확인 요청이 거절되었습니다 (the identity-verification service refused the claim)"), "claim_refused")
	}
	return out.ID, err
}

// Result reads a verification. A refusal (4xx: unknown, unconfirmed or
// expired) is errs.Invalid "unknown_verification".
func (c Connector) Result(ctx context.Context, id string) (Identity, error) {
	var out Identity
	if id == "" {
		return out, unknownVerification(nil)
	}
	err := c.Client.Call(ctx, http.MethodGet, "/v1/verifications/"+url.PathEscape(id), "", nil, &out)
	if partners.IsRefusal(err) {
		return Identity{}, unknownVerification(err)
	}
	return out, err
}

func unknownVerification(cause error) *errs.Error {
	return reason(errs.Wrap(errs.Invalid, cause, "본인확인 내역이 없거나 만료되었습니다 (unknown or expired identity verification)"), "unknown_verification")
}

func reason(e *errs.Error, r string) *errs.Error {
	e.Reason = r
	return e
}
