package web

import (
	"net/http"
	"strings"
	"unicode"

	"jikimi/errs"
)

// Problem is an error as RFC 9457 problem details
// (application/problem+json): Detail is Korean, for the person; Code (one
// of errs' codes) and Reason are stable, for programs; Message is the
// developer's text the error was made with. None carries personal data.
type Problem struct {
	Type    string `json:"type"`
	Title   string `json:"title"`
	Status  int    `json:"status"`
	Detail  string `json:"detail"`
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

// problemOf turns an error into the problem the client sees. An internal
// error shows nothing of its cause.
func problemOf(err error) Problem {
	code := errs.Code(err)
	p := Problem{Type: "about:blank", Code: code, Status: errs.HTTPStatus(code), Message: "internal error"}
	if e, ok := err.(*errs.Error); ok && code != errs.Internal {
		p.Message, p.Reason = e.Message, e.Reason
	}
	p.Title = http.StatusText(p.Status)
	p.Detail = koreanDetail(p)
	return p
}

// koreanDetail is the message's Korean part when it has one ("한국어 설명
// (English)"), else the Korean text of the reason or the code.
func koreanDetail(p Problem) string {
	if p.Code != errs.Internal && startsHangul(p.Message) {
		ko, _, _ := strings.Cut(p.Message, " (")
		return ko
	}
	if d, ok := reasonDetails[p.Reason]; ok {
		return d
	}
	if d, ok := codeDetails[p.Code]; ok {
		return d
	}
	return codeDetails[errs.Internal]
}

func startsHangul(s string) bool {
	for _, r := range s {
		return unicode.Is(unicode.Hangul, r)
	}
	return false
}

// codeDetails say, per code, what happened and what to do next.
var codeDetails = map[string]string{
	errs.Invalid:          "입력한 내용을 처리할 수 없습니다. 표시된 항목을 확인한 뒤 다시 보내 주세요.",
	errs.Unauthenticated:  "로그인이 필요합니다. 로그인한 뒤 다시 시도해 주세요.",
	errs.NotFound:         "찾는 페이지나 정보가 없습니다. 주소를 확인하거나 처음 화면에서 다시 찾아 주세요.",
	errs.Forbidden:        "이 작업을 할 수 있는 권한이 없습니다. 필요한 동의나 권한을 확인해 주세요.",
	errs.Conflict:         "이미 처리되었거나 다른 변경과 겹쳤습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
	errs.Unavailable:      "지금은 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.",
	errs.Internal:         "처리 중 문제가 생겼습니다. 잠시 후 다시 시도하고, 계속되면 고객센터에 문의해 주세요.",
	errs.MethodNotAllowed: "이 주소는 그 방식의 요청을 받지 않습니다. 화면의 버튼이나 링크를 이용해 주세요.",
	errs.Unsupported:      "요청 형식이 맞지 않습니다. JSON 요청은 Content-Type: application/json 으로 보내 주세요.",
}

// reasonDetails are the finer reasons the web edge itself gives.
var reasonDetails = map[string]string{
	"cross_origin": "다른 사이트에서 보낸 요청은 받지 않습니다. 이 사이트의 화면에서 다시 시도해 주세요.",
	"csrf_failed":  "보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 보내 주세요. 쿠키를 허용해야 양식을 보낼 수 있습니다.",
}

// writeError writes err once: as a Korean page to a browser asking for a
// page, as problem details to everyone else. Only internal errors are
// logged, by route pattern and never by URL.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	if p.Code == errs.Internal {
		s.Log.Error("request failed", "method", r.Method, "route", r.Pattern, "request_id", RequestID(r.Context()), "err", err)
	}
	s.writeProblem(w, r, p)
}

func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="jikimi"`)
	}
	if wantsPage(r) {
		s.errorPage(w, r, p)
		return
	}
	writeJSONAs(w, "application/problem+json", p.Status, p)
}

// wantsPage reports whether the request is a browser's, for a page: not
// under /api/ and accepting HTML.
func wantsPage(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/") && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// problemOfStatus is the problem of a status the mux answered itself (404,
// 405).
func problemOfStatus(status int) Problem {
	code := errs.NotFound
	if status == http.StatusMethodNotAllowed {
		code = errs.MethodNotAllowed
	}
	p := problemOf(errs.E(code, "%s", strings.ToLower(http.StatusText(status))))
	return p
}
