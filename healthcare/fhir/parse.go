package fhir

import (
	"encoding/json"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/jsonschema"
	"jikimi/healthcare/measure"
)

// MaxSize is the largest Observation Parse reads, in bytes.
const MaxSize = 64 << 10

// Observation is an accepted check-up result.
type Observation struct {
	ID     string // Observation.id, "" when absent
	Code   string // the LOINC code it was read by
	Status string
	// Start and End are effective[x]; equal for a point in time.
	Start, End time.Time
	Values     []measure.Measurement
	// NotCollected lists a panel's components the programme does not
	// collect; they are not in Values.
	NotCollected []NotCollected
	// Grouping is set for a panel that only groups its members (hasMember):
	// it has no Values, and its members are judged as Observations of their
	// own.
	Grouping bool
}

// NotCollected is a result the programme does not collect: an Observation,
// or a component of a panel, whose code maps to no item the policy
// declares. It is never stored.
type NotCollected struct {
	Path   string `json:"path"`           // in the Observation: "/code", "/component/N/code"
	Code   string `json:"code,omitempty"` // the LOINC code; "" for a code the service does not know
	Name   string `json:"name,omitempty"` // its Korean name, "" when unknown
	Reason string `json:"reason"`         // undeclared_item or unknown_code
}

// Refusal is Parse's error for an Observation the programme does not
// collect (undeclared_item, unknown_code): an errs.Invalid that also tells
// which result it was.
type Refusal struct {
	NotCollected
	err *errs.Error
}

func (r *Refusal) Error() string { return r.err.Error() }

// Unwrap gives the errs.Invalid, for the HTTP mapping.
func (r *Refusal) Unwrap() error { return r.err }

func refusal(nc NotCollected) *Refusal {
	e := measure.Reject("fhir", nc.Reason, nc.Path)
	if nc.Code != "" {
		e.Message += " (LOINC " + nc.Code + ")" // a code of the service's own table, never one a person typed
	}
	return &Refusal{nc, e}
}

// results are the statuses of a result the service takes; the others of
// observation-status (registered, preliminary, cancelled, entered-in-error,
// unknown) are no result to keep.
var results = []string{"final", "amended", "corrected"}

// Parse checks one Observation and returns its values in canonical units.
// now is the server's time, for the future_timestamp check. Errors are
// errs.Invalid with a reason code and a JSON path (see the package comment),
// or errs.Internal when the embedded definitions do not load.
func Parse(raw json.RawMessage, now time.Time) (*Observation, error) {
	rules, err := loadRules()
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "fhir: embedded definitions")
	}
	root, rej := decode(raw)
	if rej != nil {
		return nil, rej
	}
	r := &reader{}
	o := r.observation(root, rules, now)
	switch {
	case r.refused != nil:
		return nil, r.refused
	case r.err != nil:
		return nil, r.err
	}
	return o, nil
}

func decode(raw []byte) (obj, *errs.Error) {
	if len(raw) > MaxSize {
		return obj{}, measure.Reject("fhir", measure.SchemaViolation, "/")
	}
	v, err := jsonschema.Decode(raw)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		return obj{}, measure.Reject("fhir", measure.SchemaViolation, "/")
	}
	return obj{m: m}, nil
}

func (r *reader) observation(root obj, rules map[string]*rule, now time.Time) *Observation {
	if r.str(root, "resourceType") != "Observation" {
		r.fail(measure.UnknownSchema, "/resourceType")
	}
	ru, group := r.rule(root, rules)
	o := &Observation{ID: r.str(root, "id"), Status: r.status(root)}
	if r.err != nil || r.refused != nil {
		return nil
	}
	if group != "" {
		o.Code, o.Grouping = group, true
		return o
	}
	o.Code = ru.Code
	r.required(root, ru)
	r.krCore(root)
	o.Start, o.End = r.effective(root, ru)
	if r.err == nil && measure.Future(o.End, now) {
		r.fail(measure.FutureTimestamp, effectivePath(root))
	}
	if r.err == nil && measure.Past(o.Start) {
		r.fail(measure.PastTimestamp, effectivePath(root))
	}
	o.Values, o.NotCollected = r.values(root, ru, rules, o.Start, o.End)
	return o
}

func (r *reader) status(root obj) string {
	s := r.str(root, "status")
	if !slices.Contains(results, s) {
		r.fail(measure.SchemaViolation, "/status")
	}
	return s
}

// rule finds the rule of the first LOINC code the service takes; failing
// that, it refuses the first it knows the policy does not declare, or names
// a grouping panel, or refuses the Observation as unknown_code.
func (r *reader) rule(root obj, rules map[string]*rule) (*rule, string) {
	code, ok := r.object(root, "code")
	if !ok {
		r.fail(measure.SchemaViolation, "/code")
		return nil, ""
	}
	loinc := r.codes(code, loincSystem)
	for _, c := range loinc {
		if ru, ok := rules[c]; ok {
			return ru, ""
		}
	}
	for _, c := range loinc {
		if name, ok := undeclaredName(c); ok {
			r.refuse(NotCollected{Path: "/code", Code: c, Name: name, Reason: measure.UndeclaredItem})
			return nil, ""
		}
	}
	for _, c := range loinc {
		if _, ok := groupings[c]; ok {
			return nil, c
		}
	}
	r.refuse(NotCollected{Path: "/code", Reason: measure.UnknownCode})
	return nil, ""
}

func undeclaredName(code string) (string, bool) {
	for _, u := range undeclared {
		if u.Code == code {
			return u.Name, true
		}
	}
	return "", false
}

// required checks that the elements the vital-signs profile makes required
// (subject, effective[x], ...) are there, but category: the policy, not
// the category, decides what is taken (a result without one is taken). The subject's reference is not
// read: the gate knows whose data it stores.
func (r *reader) required(root obj, ru *rule) {
	if !ru.VitalSigns || r.err != nil {
		return
	}
	names, err := vitalSignsRequired()
	if err != nil {
		r.err = errs.Wrap(errs.Internal, err, "fhir: embedded definitions")
		return
	}
	for _, name := range names {
		if name != "category" && !root.hasElement(name) {
			r.fail(measure.SchemaViolation, "/"+name)
		}
	}
}
