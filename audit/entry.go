package audit

import (
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"jikimi/errs"
)

// Action is what the handler did with the data (Standard 8: 열람, 변경,
// 입력, 삭제, 출력, 다운로드).
type Action string

// Actions.
const (
	View     Action = "view"
	Change   Action = "change"
	Input    Action = "input"
	Delete   Action = "delete"
	Print    Action = "print"
	Download Action = "download"
)

// Outcome is whether the gate let the access through.
type Outcome string

// Outcomes.
const (
	Allowed Outcome = "allowed"
	Denied  Outcome = "denied"
)

// Entry is one access to personal data. It holds no personal data: Handler
// and Subject are opaque IDs and Items are schema names, never values.
type Entry struct {
	Seq            int64     // assigned by Append (1, 2, 3, ...); ignored on input
	Time           time.Time // when; zero means the log's clock at Append; kept to the microsecond
	Handler        string    // opaque actor: a staff account ID, subject:<id>, device:<id>, partner:<id>, system:<job>
	Role           string    // the handler's role, e.g. officer
	Source         string    // the IP address it came from; empty for a system job
	Subject        string    // opaque subject ID; empty for a read across subjects
	Service        string    // e.g. seoul-healthcare
	Purpose        string    // the declared purpose, e.g. health
	Items          []string  // item IDs (schema names such as weight), never values
	Action         Action
	Outcome        Outcome
	Reason         string // why it was denied, e.g. consent_missing; empty when allowed
	DownloadReason string // the handler's stated reason for a download, or for a search across subjects (a view naming no subject); the caller keeps personal data out
	Records        int64  // how many records a bulk read returned; 0 for a single record
}

const (
	maxID             = 128
	maxToken          = 64
	maxDownloadReason = 500
)

// normalize validates e and returns it as it will be stored: the time in
// microseconds, the address in canonical form. Messages never quote a
// value, which might be personal data given by mistake.
func (e Entry) normalize() (Entry, error) {
	e.Time = time.UnixMicro(e.Time.UnixMicro()).UTC()
	if msg := e.problem(); msg != "" {
		return Entry{}, errs.E(errs.Invalid, "audit: %s", msg)
	}
	if e.Source != "" {
		a := netip.MustParseAddr(e.Source).Unmap() // check parsed it
		var buf [64]byte
		if string(a.AppendTo(buf[:0])) != e.Source {
			e.Source = a.String()
		}
	}
	e.Seq = 0
	return e, nil
}

// problem is the first rule e breaks, "" when it breaks none.
func (e Entry) problem() string {
	for _, c := range e.checks() {
		if c.bad {
			return c.msg
		}
	}
	return ""
}

type check struct {
	bad bool
	msg string
}

func (e Entry) checks() [15]check {
	return [...]check{
		{e.Time.UnixMicro() <= 0, "time is missing or before 1970"},
		{!opaqueID(e.Handler, !strings.HasPrefix(e.Handler, "device:")), "handler is not an opaque ID (letters, digits . _ : / + -; no phone or registration numbers)"},
		{!token(e.Role), "role is not a name (letters, digits . _ -)"},
		{e.Source != "" && !validAddr(e.Source), "source is not an IP address"},
		{e.Subject != "" && !opaqueID(e.Subject, true), "subject is not an opaque ID (letters, digits . _ : / + -; no phone or registration numbers)"},
		{!token(e.Service), "service is not a name"},
		{!token(e.Purpose), "purpose is not a name"},
		{!tokens(e.Items), "an item is not a schema name"},
		{!e.Action.Valid(), "unknown action (want view, change, input, delete, print or download)"},
		{e.Outcome != Allowed && e.Outcome != Denied, "unknown outcome (want allowed or denied)"},
		{e.Outcome == Allowed && e.Reason != "", "an allowed access has no reason code"},
		{e.Outcome == Denied && !token(e.Reason), "a denied access needs a reason code such as consent_missing"},
		{e.DownloadReason != "" && e.Action != Download && (e.Action != View || e.Subject != ""), "a stated reason belongs to a download or a search only"},
		{!freeText(e.DownloadReason, maxDownloadReason), "download reason is too long or has control characters"},
		{e.Records < 0, "record count is negative"},
	}
}

var actions = []Action{View, Change, Input, Delete, Print, Download}

// Valid reports whether a is one of the Actions.
func (a Action) Valid() bool {
	for _, v := range actions {
		if a == v {
			return true
		}
	}
	return false
}

func validAddr(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// token is a name: letters, digits, '.', '_', '-', starting with a letter or digit.
func token(s string) bool {
	return s != "" && len(s) <= maxToken && isAlnum(rune(s[0])) && allOf(s, "._-")
}

func tokens(ss []string) bool {
	for _, s := range ss {
		if !token(s) {
			return false
		}
	}
	return true
}

// opaqueID is an identifier such as "subject:s_01J..." or "system:retention".
// With noNumbers, a part that is only digits (and dashes) and nine or more
// long is refused: it looks like a phone or resident registration number.
func opaqueID(s string, noNumbers bool) bool {
	if s == "" || len(s) > maxID || !isAlnum(rune(s[0])) || !allOf(s, "._:/+-") {
		return false
	}
	return !noNumbers || !looksLikeNumber(s)
}

// looksLikeNumber reports whether a ':'-separated part of s is all digits
// and '-' with at least 9 digits, like a phone or registration number.
func looksLikeNumber(s string) bool {
	for part := range strings.SplitSeq(s, ":") {
		digits, other := 0, false
		for _, r := range part {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r != '-':
				other = true
			}
		}
		if digits >= 9 && !other {
			return true
		}
	}
	return false
}

func allOf(s, extra string) bool {
	for _, r := range s {
		if !isAlnum(r) && !strings.ContainsRune(extra, r) {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}

func freeText(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	return strings.IndexFunc(s, unicode.IsControl) < 0
}
