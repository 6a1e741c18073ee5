package errs

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestCodeAndStatus(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   string
		status int
	}{
		{"nil", nil, "", http.StatusOK},
		{"plain", errors.New("boom"), Internal, http.StatusInternalServerError},
		{"invalid", E(Invalid, "bad %s", "x"), Invalid, http.StatusBadRequest},
		{"wrapped", fmt.Errorf("ctx: %w", E(NotFound, "gone")), NotFound, http.StatusNotFound},
		{"forbidden", E(Forbidden, "no"), Forbidden, http.StatusForbidden},
		{"unauthenticated", E(Unauthenticated, "sign in"), Unauthenticated, http.StatusUnauthorized},
		{"method", E(MethodNotAllowed, "no"), MethodNotAllowed, http.StatusMethodNotAllowed},
		{"media type", E(Unsupported, "json"), Unsupported, http.StatusUnsupportedMediaType},
		{"conflict", E(Conflict, "dup"), Conflict, http.StatusConflict},
		{"unavailable", Wrap(Unavailable, errors.New("down"), "db"), Unavailable, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Code(tt.err); got != tt.code {
				t.Fatalf("Code = %q, want %q", got, tt.code)
			}
			if got := HTTPStatus(Code(tt.err)); got != tt.status {
				t.Fatalf("status = %d, want %d", got, tt.status)
			}
		})
	}
}

func TestWrapKeepsCauseOutOfMessage(t *testing.T) {
	cause := errors.New("driver detail")
	e := Wrap(Unavailable, cause, "database unavailable")
	if e.Message != "database unavailable" || !errors.Is(e, cause) {
		t.Fatalf("message %q, cause kept %v", e.Message, errors.Is(e, cause))
	}
}

func TestWrapIf(t *testing.T) {
	if WrapIf(nil, "x") != nil {
		t.Fatal("nil is not nil")
	}
	cause := errors.New("disk full")
	err := WrapIf(cause, "vault: %s", "store record")
	if Code(err) != Internal || !errors.Is(err, cause) || err.(*Error).Message != "vault: store record" {
		t.Fatalf("WrapIf = %#v", err)
	}
	coded := E(NotFound, "not found")
	if got := WrapIf(coded, "vault: read"); got != coded {
		t.Fatalf("a coded error became %v", got)
	}
}

func TestWithReason(t *testing.T) {
	e := WithReason(Forbidden, "bad_credentials", "wrong login %s", "or password")
	if e.Code != Forbidden || e.Reason != "bad_credentials" || e.Message != "wrong login or password" || e.Err != nil {
		t.Fatalf("WithReason = %+v", e)
	}
	if HTTPStatus(Code(e)) != http.StatusForbidden {
		t.Fatalf("status %d", HTTPStatus(Code(e)))
	}
}
