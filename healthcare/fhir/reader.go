package fhir

import (
	"encoding/json"
	"strconv"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// obj is a JSON object and its path (RFC 6901) in the document.
type obj struct {
	m    map[string]any
	path string
}

func (o obj) at(key string) string { return o.path + "/" + key }

func (o obj) has(key string) bool { _, ok := o.m[key]; return ok }

// hasElement reports whether an element is there; for a choice element
// ("effective[x]"), whether any of its types is.
func (o obj) hasElement(name string) bool {
	prefix, choice := strings.CutSuffix(name, "[x]")
	if !choice {
		return o.has(name)
	}
	for k := range o.m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// reader reads typed members of a decoded document, keeping the first
// failure: after one, every read returns a zero value.
type reader struct {
	err     *errs.Error
	refused *Refusal // the Observation is of a result the programme does not collect
}

// refuse records that the Observation is not collected; a failure found
// before it wins.
func (r *reader) refuse(nc NotCollected) {
	if r.err == nil && r.refused == nil {
		r.refused = refusal(nc)
	}
}

func (r *reader) fail(reason, path string) {
	if r.err == nil {
		r.err = measure.Reject("fhir", reason, path)
	}
}

// str reads a string member; "" when absent.
func (r *reader) str(o obj, key string) string {
	v, ok := o.m[key]
	s, isStr := v.(string)
	if ok && !isStr {
		r.fail(measure.SchemaViolation, o.at(key))
	}
	if r.err != nil {
		return ""
	}
	return s
}

// object reads an object member.
func (r *reader) object(o obj, key string) (obj, bool) {
	v, ok := o.m[key]
	m, isObj := v.(map[string]any)
	if ok && !isObj {
		r.fail(measure.SchemaViolation, o.at(key))
	}
	return obj{m, o.at(key)}, ok && isObj && r.err == nil
}

// list reads an array of objects; nil when absent.
func (r *reader) list(o obj, key string) []obj {
	v, ok := o.m[key]
	if !ok || r.err != nil {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		r.fail(measure.SchemaViolation, o.at(key))
		return nil
	}
	out := make([]obj, 0, len(arr))
	for i, x := range arr {
		m, isObj := x.(map[string]any)
		if !isObj {
			r.fail(measure.SchemaViolation, o.at(key)+"/"+strconv.Itoa(i))
			return nil
		}
		out = append(out, obj{m, o.at(key) + "/" + strconv.Itoa(i)})
	}
	return out
}

// number reads a JSON number member.
func (r *reader) number(o obj, key string) (float64, bool) {
	v, ok := o.m[key]
	n, isNum := v.(json.Number)
	if !ok || !isNum {
		r.fail(measure.SchemaViolation, o.at(key))
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		r.fail(measure.OutOfRange, o.at(key))
	}
	return f, r.err == nil
}

// codes lists the codes of a CodeableConcept's codings in one system.
func (r *reader) codes(cc obj, system string) []string {
	var out []string
	for _, c := range r.list(cc, "coding") {
		if r.str(c, "system") == system {
			out = append(out, r.str(c, "code"))
		}
	}
	return out
}
