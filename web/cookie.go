package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/http"
	"slices"

	"jikimi/errs"
)

// CookieInfo is a cookie the system sets, as the cookie page lists it.
type CookieInfo struct {
	Name     string
	Purpose  string
	Lifetime string
}

// Cookie names.
const (
	CitizenSessionCookie = "jikimi_session" // a citizen's session (package citizen)
	StaffSessionCookie   = "jikimi_staff"   // a staff member's session (package staff)
	CSRFCookie           = "jikimi_csrf"    // the secret the form token is derived from
)

// Cookies are every cookie the system sets, all strictly necessary: no
// analytics, no advertising, nothing from another site. SetCookie refuses
// any other name, and the cookie page lists these.
var Cookies = []CookieInfo{
	{CitizenSessionCookie, "로그인 상태 유지: 로그인한 이용자를 알아보는 임의의 값입니다. 이름 등 개인정보는 담지 않습니다.",
		"로그아웃하거나 브라우저를 닫으면 지워집니다. 서버에서는 30분 동안 이용하지 않으면 끝나며, 길어도 12시간입니다."},
	{StaffSessionCookie, "직원 로그인 상태 유지: 업무 화면에 로그인한 직원을 알아보는 임의의 값입니다.",
		"로그아웃하거나 브라우저를 닫으면 지워집니다. 서버에서는 30분 동안 이용하지 않으면 끝나며, 길어도 12시간입니다."},
	{CSRFCookie, "보안: 다른 사이트가 이용자 몰래 이 사이트에 양식을 보내지 못하게 막는 임의의 값입니다.",
		"브라우저를 닫으면 지워지며, 로그인·로그아웃할 때 새로 만듭니다."},
}

// CSRFField is the form field that carries the token ({{template "csrf" .}}).
const CSRFField = "csrf"

type ctxKey int

const demoKey ctxKey = iota

// withDemo marks requests of a demo server, whose cookies may go without
// Secure to http://127.0.0.1 and localhost.
func withDemo(demo bool, next http.Handler) http.Handler {
	if !demo {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), demoKey, true)))
	})
}

// secure reports whether a cookie set in answer to r must be Secure: always,
// except on a demo server reached over plain HTTP on the loopback.
func secure(r *http.Request) bool {
	if demo, _ := r.Context().Value(demoKey).(bool); !demo || r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	return !(host == "localhost" || net.ParseIP(host).IsLoopback())
}

// SetCookie sets one of the declared Cookies until the browser closes:
// HttpOnly, SameSite=Lax, for the whole site, Secure (see secure). The
// server ends sessions itself (idle and absolute expiry), so no cookie
// carries an expiry of its own. An undeclared name is a programming error.
func SetCookie(w http.ResponseWriter, r *http.Request, name, value string) {
	setCookie(w, r, name, value, 0)
}

// ClearCookie removes a declared cookie from the browser.
func ClearCookie(w http.ResponseWriter, r *http.Request, name string) {
	setCookie(w, r, name, "", -1)
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	if !slices.ContainsFunc(Cookies, func(c CookieInfo) bool { return c.Name == name }) {
		panic(fmt.Sprintf("web: cookie %q is not declared in web.Cookies", name))
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

// CSRFToken is the form token of the browser's CSRF cookie, setting a new
// cookie when it has none.
func CSRFToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(CSRFCookie); err == nil && len(c.Value) >= 32 {
		return csrfToken(c.Value)
	}
	return RotateCSRF(w, r)
}

// RotateCSRF gives the browser a new CSRF secret (at sign-in and sign-out)
// and returns the token of it; forms rendered before stop working.
func RotateCSRF(w http.ResponseWriter, r *http.Request) string {
	b := make([]byte, 32)
	rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	SetCookie(w, r, CSRFCookie, secret)
	return csrfToken(secret)
}

func csrfToken(secret string) string {
	h := sha256.Sum256([]byte("jikimi-csrf\x00" + secret))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// maxForm bounds a page form's body.
const maxForm = 64 << 10

// checkForms holds every unsafe request with a body a browser can send
// across sites without asking (a form: urlencoded, multipart or
// text/plain) to the CSRF token: urlencoded forms are parsed and need the
// token of the browser's CSRF cookie; the other two are refused, since no
// route takes them. JSON routes require application/json (Decode), which a
// cross-site page cannot send without CORS, and CORS is never allowed.
func (s *Server) checkForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !unsafeMethod(r.Method) || r.Header.Get("Content-Type") == "" {
			next.ServeHTTP(w, r)
			return
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch mt {
		case "application/x-www-form-urlencoded":
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil {
				s.writeError(w, r, errs.E(errs.Invalid, "form: malformed or larger than %d bytes", maxForm))
				return
			}
			if !validCSRF(r) {
				s.writeError(w, r, &errs.Error{Code: errs.Forbidden, Reason: "csrf_failed", Message: "form token missing or wrong"})
				return
			}
		case "multipart/form-data", "text/plain":
			s.writeError(w, r, &errs.Error{Code: errs.Unsupported, Reason: "unsupported_media_type", Message: "send JSON (application/json) or a page's form"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func validCSRF(r *http.Request) bool {
	c, err := r.Cookie(CSRFCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	want := csrfToken(c.Value)
	got := r.PostForm.Get(CSRFField)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// crossOrigin refuses unsafe requests a browser marks as coming from
// another site (Sec-Fetch-Site, or an Origin that is not this host), with
// the same problem shape as every other error.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &errs.Error{Code: errs.Forbidden, Reason: "cross_origin", Message: "cross-origin request refused"})
	}))
	return cop.Handler(next)
}
