package rights

import (
	"slices"

	"jikimi/errs"
)

// Kind is what a request asks.
type Kind string

// Kinds.
const (
	Access            Kind = "access"             // 열람 (Act 35)
	Correction        Kind = "correction"         // 정정 (Act 36)
	Deletion          Kind = "deletion"           // 삭제 (Act 36)
	Suspension        Kind = "suspension"         // 처리정지 (Act 37)
	ConsentWithdrawal Kind = "consent_withdrawal" // 동의 철회 (Act 37(1))
	Objection         Kind = "objection"          // 이의제기, to the result of an earlier request
	Transmission      Kind = "transmission"       // 전송요구 (Act 35-2)
)

// Kinds lists every kind.
var Kinds = []Kind{Access, Correction, Deletion, Suspension, ConsentWithdrawal, Objection, Transmission}

// Korean is the kind's name as a citizen reads it.
func (k Kind) Korean() string {
	return map[Kind]string{Access: "열람", Correction: "정정", Deletion: "삭제", Suspension: "처리정지",
		ConsentWithdrawal: "동의 철회", Objection: "이의제기", Transmission: "전송요구"}[k]
}

func parseKind(s string) (Kind, error) {
	if !slices.Contains(Kinds, Kind(s)) {
		return "", invalid("unknown_kind", "unknown request kind %q (want access, correction, deletion, suspension, consent_withdrawal, objection or transmission)", s)
	}
	return Kind(s), nil
}

// Status is where a request stands.
type Status string

// Statuses.
const (
	Received          Status = "received"
	Verifying         Status = "verifying" // a representative's or proxy's standing is being checked
	InProgress        Status = "in_progress"
	Extended          Status = "extended"
	Answered          Status = "answered"
	Refused           Status = "refused"
	PartiallyAnswered Status = "partially_answered"
)

// open reports whether the request still waits for its result.
func (s Status) open() bool {
	return s == Received || s == Verifying || s == InProgress || s == Extended
}

// Requester says who asked.
type Requester string

// Requesters (Act 38, Decree 46).
const (
	BySubject        Requester = "subject"
	ByRepresentative Requester = "representative" // the legal representative of an under-14
	ByProxy          Requester = "proxy"          // holding a power of attorney (위임장, 별지 제11호)
)

// Channel is how a request reached the service.
type Channel string

// Channels: online in the service's own session (Act 38(4)), or on paper,
// by e-mail or fax, recorded by the officer (Decree 41(1)).
const (
	Online Channel = "online"
	Paper  Channel = "paper"
	Email  Channel = "email"
	Fax    Channel = "fax"
)

var channels = []Channel{Online, Paper, Email, Fax}

func invalid(reason, format string, args ...any) *errs.Error {
	e := errs.E(errs.Invalid, format, args...)
	e.Reason = reason
	return e
}

func forbidden(reason, format string, args ...any) *errs.Error {
	e := errs.E(errs.Forbidden, format, args...)
	e.Reason = reason
	return e
}

func conflict(reason, format string, args ...any) *errs.Error {
	e := errs.E(errs.Conflict, format, args...)
	e.Reason = reason
	return e
}

func notFound() *errs.Error { return errs.E(errs.NotFound, "no such request") }
