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
	if r.err != nil {
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
	o := &Observation{ID: r.str(root, "id"), Status: r.status(root)}
	ru := r.rule(root, rules)
	if r.err != nil {
		return nil
	}
	o.Code = ru.Code
	r.category(root, ru)
	r.required(root, ru)
	o.Start, o.End = r.effective(root, ru)
	if r.err == nil && measure.Future(o.End, now) {
		r.fail(measure.FutureTimestamp, effectivePath(root))
	}
	if r.err == nil && measure.Past(o.Start) {
		r.fail(measure.PastTimestamp, effectivePath(root))
	}
	o.Values = r.values(root, ru, o.Start, o.End)
	return o
}

func (r *reader) status(root obj) string {
	s := r.str(root, "status")
	if !slices.Contains(results, s) {
		r.fail(measure.SchemaViolation, "/status")
	}
	return s
}

// rule finds the rule of the first LOINC code the service takes.
func (r *reader) rule(root obj, rules map[string]*rule) *rule {
	code, ok := r.object(root, "code")
	if !ok {
		r.fail(measure.SchemaViolation, "/code")
		return nil
	}
	for _, c := range r.codes(code, loincSystem) {
		if ru, ok := rules[c]; ok {
			return ru
		}
	}
	r.fail(measure.UnknownCode, "/code")
	return nil
}

// category requires vital-signs for a vital-signs profile, and vital-signs
// or laboratory otherwise.
func (r *reader) category(root obj, ru *rule) {
	want := []string{"vital-signs", "laboratory"}
	if ru.VitalSigns {
		want = want[:1]
	}
	for _, cc := range r.list(root, "category") {
		for _, c := range r.codes(cc, categorySystem) {
			if slices.Contains(want, c) {
				return
			}
		}
	}
	r.fail(measure.SchemaViolation, "/category")
}

// required checks that the elements the vital-signs profile makes required
// (subject, effective[x], ...) are there. The subject's reference is not
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
		if !root.hasElement(name) {
			r.fail(measure.SchemaViolation, "/"+name)
		}
	}
}
