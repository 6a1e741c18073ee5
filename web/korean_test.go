package web

import (
	"errors"
	"testing"

	"jikimi/errs"
)

// A citizen reads the Korean part of a domain's message, never English.
func TestKorean(t *testing.T) {
	e := errs.E(errs.Invalid, "아이디 형식이 올바르지 않습니다 (malformed login ID)")
	e.Reason = "invalid_user_id"
	english := errs.E(errs.Invalid, "malformed")
	english.Reason = "bad"
	for err, want := range map[error]string{e: "아이디 형식이 올바르지 않습니다", english: "입력한 내용을 확인해 주세요. (bad)", errors.New("x"): "입력한 내용을 확인해 주세요."} {
		if got := Korean(err); got != want {
			t.Errorf("Korean(%v) = %q, want %q", err, got, want)
		}
	}
}
