package jsonschema

import (
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Violation says where a value breaks its schema: the JSON pointer (RFC 6901)
// of the offending place and the keyword that failed. It never holds the
// value. Paths are made of property names the schema declares and array
// indices; a property the schema does not declare is reported at its parent.
type Violation struct {
	Path    string
	Keyword string
}

func (v *Violation) Error() string { return "schema violation at " + v.Path + " (" + v.Keyword + ")" }

// Validate checks a value decoded by Decode. It returns the first violation
// found, or nil.
func (s *Schema) Validate(v any) *Violation {
	w := walker{path: make([]string, 0, 16)}
	if w.check(s, v) {
		return nil
	}
	return w.fail
}

// walker carries the path down the value. Inside anyOf and oneOf a failing
// branch is expected, so no Violation is built there (guess > 0).
type walker struct {
	path  []string
	guess int
	fail  *Violation
}

func (w *walker) reject(keyword string, extra ...string) bool {
	if w.guess == 0 && w.fail == nil {
		var b strings.Builder
		for _, seg := range append(w.path, extra...) {
			b.WriteByte('/')
			b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(seg))
		}
		if b.Len() == 0 {
			b.WriteByte('/')
		}
		w.fail = &Violation{Path: b.String(), Keyword: keyword}
	}
	return false
}

func (w *walker) check(s *Schema, v any) bool {
	for s.ref != nil {
		s = s.ref
	}
	t := typeOf(v)
	if s.types != 0 && s.types&t == 0 {
		return w.reject("type")
	}
	return w.value(s, v, t) && w.combinators(s, v)
}

// value checks the keywords that apply to the value's own type.
func (w *walker) value(s *Schema, v any, t typeSet) bool {
	if s.enum != nil && !inEnum(s.enum, v) {
		return w.reject("enum")
	}
	switch x := v.(type) {
	case map[string]any:
		return w.object(s, x)
	case []any:
		return w.array(s, x)
	case string:
		return w.text(s, x)
	case json.Number:
		return w.number(s, x)
	}
	return true
}

func (w *walker) object(s *Schema, obj map[string]any) bool {
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			return w.reject("required", name)
		}
	}
	for _, p := range s.props {
		if sub, ok := obj[p.name]; ok && !w.descend(p.schema, sub, p.name) {
			return false
		}
	}
	if s.additional == nil && !s.noExtra {
		return true
	}
	for name, sub := range obj {
		if s.declares(name) {
			continue
		}
		if s.noExtra || !w.descend(s.additional, sub, "") {
			return w.reject("additionalProperties") // at the parent: never name an undeclared property
		}
	}
	return true
}

func (s *Schema) declares(name string) bool {
	for _, p := range s.props {
		if p.name == name {
			return true
		}
	}
	return false
}

func (w *walker) array(s *Schema, list []any) bool {
	if s.items == nil {
		return true
	}
	for i, item := range list {
		if !w.descend(s.items, item, strconv.Itoa(i)) {
			return false
		}
	}
	return true
}

// descend checks a child under one more path segment; seg "" checks it at
// the parent's path (used for undeclared properties).
func (w *walker) descend(s *Schema, v any, seg string) bool {
	if seg == "" {
		w.guess++
		ok := w.check(s, v)
		w.guess--
		return ok
	}
	w.path = append(w.path, seg)
	ok := w.check(s, v)
	w.path = w.path[:len(w.path)-1]
	return ok
}

func (w *walker) text(s *Schema, x string) bool {
	if s.pattern != nil && !s.pattern.MatchString(x) {
		return w.reject("pattern")
	}
	if s.format != "" && !validFormat(s.format, x) {
		return w.reject("format")
	}
	return true
}

func (w *walker) number(s *Schema, n json.Number) bool {
	if s.min == nil && s.max == nil && s.exclMin == nil && s.exclMax == nil {
		return true
	}
	f := toFloat(n)
	switch {
	case s.min != nil && f < *s.min:
		return w.reject("minimum")
	case s.max != nil && f > *s.max:
		return w.reject("maximum")
	case s.exclMin != nil && f <= *s.exclMin:
		return w.reject("exclusiveMinimum")
	case s.exclMax != nil && f >= *s.exclMax:
		return w.reject("exclusiveMaximum")
	}
	return true
}

func (w *walker) combinators(s *Schema, v any) bool {
	for _, sub := range s.allOf {
		if !w.check(sub, v) {
			return false
		}
	}
	if s.anyOf != nil && w.matches(s.anyOf, v) == 0 {
		return w.reject("anyOf")
	}
	if s.oneOf != nil && w.matches(s.oneOf, v) != 1 {
		return w.reject("oneOf")
	}
	return true
}

// matches counts the branches v satisfies, stopping at two.
func (w *walker) matches(branches []*Schema, v any) int {
	w.guess++
	defer func() { w.guess-- }()
	n := 0
	for _, b := range branches {
		if w.check(b, v) {
			if n++; n == 2 {
				break
			}
		}
	}
	return n
}

func validFormat(format, s string) bool {
	switch format {
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil
	case "uri":
		u, err := url.Parse(s)
		return err == nil && u.IsAbs()
	}
	return false
}

func toFloat(n json.Number) float64 {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return math.NaN() // not from Decode: no JSON number
	}
	return f // out of range: ±Inf or 0, as ParseFloat rounds
}

func isInteger(n json.Number) bool {
	f := toFloat(n)
	return !math.IsInf(f, 0) && !math.IsNaN(f) && f == math.Trunc(f)
}
