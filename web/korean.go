package web

import (
	"strings"

	"jikimi/errs"
)

// Korean is the part of a domain error's message a citizen reads: the
// domains write messages to citizens as "한국어 (English)". A message with
// no Korean part says to check the input, with the machine reason.
func Korean(err error) string {
	e, ok := err.(*errs.Error)
	if !ok {
		return "입력한 내용을 확인해 주세요."
	}
	ko, _, _ := strings.Cut(e.Message, " (")
	if ko == "" || ko[0] < 0x80 {
		return "입력한 내용을 확인해 주세요. (" + e.Reason + ")"
	}
	return ko
}
