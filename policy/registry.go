package policy

import (
	"fmt"
	"sort"
	"time"
)

// Registry holds every loaded version of every service's policy.
type Registry struct {
	services map[string][]*Policy // sorted by Effective, oldest first
}

// VersionInfo is one line of a service's policy history.
type VersionInfo struct {
	Version  string
	From     Date
	To       Date // last day it applied; zero while it still applies
	Declared bool // its full declaration is loaded (false: listed in history only)
	Note     string
}

func newRegistry(all []*Policy) (*Registry, Problems) {
	r := &Registry{services: map[string][]*Policy{}}
	var probs Problems
	for _, p := range all {
		for _, q := range r.services[p.Service] {
			if q.Version == p.Version {
				probs = append(probs, Problem{p.File, p.Line, fmt.Sprintf("version %q of %s is also declared in %s", p.Version, p.Service, q.File)})
			} else if q.Effective.Equal(p.Effective.Time) {
				probs = append(probs, Problem{p.File, p.Line, fmt.Sprintf("two versions of %s take effect on %s (also %s)", p.Service, p.Effective, q.File)})
			}
		}
		r.services[p.Service] = append(r.services[p.Service], p)
	}
	for _, ps := range r.services {
		sort.Slice(ps, func(i, j int) bool { return ps[i].Effective.Before(ps[j].Effective.Time) })
	}
	return r, probs
}

// Services lists the service IDs, sorted.
func (r *Registry) Services() []string {
	out := make([]string, 0, len(r.services))
	for s := range r.services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Declared lists a service's declared versions, oldest first.
func (r *Registry) Declared(service string) []*Policy {
	return r.services[service]
}

// Version returns one declared version.
func (r *Registry) Version(service, version string) (*Policy, bool) {
	for _, p := range r.services[service] {
		if p.Version == version {
			return p, true
		}
	}
	return nil, false
}

// Current returns the version in force at t: the latest whose effective date
// is not after t. Before the first version takes effect there is none.
func (r *Registry) Current(service string, t time.Time) (*Policy, bool) {
	var cur *Policy
	for _, p := range r.services[service] {
		if !p.Effective.After(t) {
			cur = p
		}
	}
	return cur, cur != nil
}

// History lists every version of a service, declared or listed in a
// declaration's history, newest first, each with its effective period.
func (r *Registry) History(service string) []VersionInfo {
	byVersion := map[string]VersionInfo{}
	for _, p := range r.services[service] {
		for _, h := range p.History {
			if _, ok := byVersion[h.Version]; !ok {
				byVersion[h.Version] = VersionInfo{Version: h.Version, From: h.From, To: h.To, Note: h.Note}
			}
		}
	}
	for _, p := range r.services[service] {
		byVersion[p.Version] = VersionInfo{Version: p.Version, From: p.Effective, Declared: true}
	}
	out := make([]VersionInfo, 0, len(byVersion))
	for _, v := range byVersion {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.After(out[j].From.Time) })
	for i := 1; i < len(out); i++ {
		if out[i].To.IsZero() {
			out[i].To = Date{out[i-1].From.AddDate(0, 0, -1)}
		}
	}
	return out
}
