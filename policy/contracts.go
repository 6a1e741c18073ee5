package policy

import (
	"fmt"
	"time"
)

// WarningPrefix starts the message of a finding that does not refuse a
// declaration: it still loads, and lint still exits 0.
const WarningPrefix = "warning: "

// LastInForce is the last day p applies among the versions of its service:
// the day before the next version takes effect, or today while p is the
// newest in force. It is before p's effective date when p is not yet in
// force.
func LastInForce(p *Policy, versions []*Policy, today time.Time) time.Time {
	last := day(today)
	for _, q := range versions {
		if q.Service == p.Service && q.Effective.After(p.Effective.Time) && !q.Effective.After(last) {
			if end := q.Effective.AddDate(0, 0, -1); end.Before(last) {
				last = end
			}
		}
	}
	return last
}

// ContractWarnings lists the trustees p names whose contract ended while p
// was in force (through last): the published text then tells the public of
// a trustee that may no longer process anything, and a new version must
// drop or renew it (Act 26(2); "위탁업무의 내용이나 수탁자가 변경될 경우에는
// 지체없이 공개").
func ContractWarnings(p *Policy, last time.Time) Problems {
	var out Problems
	if last.Before(p.Effective.Time) {
		return nil // never in force yet
	}
	for _, t := range p.Consignment.Trustees {
		if t.Contract(last) != ContractExpired {
			continue
		}
		out = append(out, Problem{File: p.File, Line: t.Line, Msg: fmt.Sprintf(
			"%strustee %q: the contract ended %s while this version is in force (%s to %s); a new version must drop or renew it (Act 26(2))",
			WarningPrefix, t.Name, t.To, p.Effective, Date{last})})
	}
	return out
}

// Warnings are the findings that do not refuse a declaration, for every
// declared version as of today: trustees whose contract ended while the
// version was in force.
func (r *Registry) Warnings(today time.Time) Problems {
	var out Problems
	for _, service := range r.Services() {
		vs := r.Declared(service)
		for _, p := range vs {
			out = append(out, ContractWarnings(p, LastInForce(p, vs, today))...)
		}
	}
	out.Sort()
	return out
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
