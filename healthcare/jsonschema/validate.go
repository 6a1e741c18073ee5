package jsonschema

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	lib "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Schema is a compiled schema. Build one with a Compiler; it is immutable
// and safe for concurrent use.
type Schema struct {
	s     *lib.Schema
	fast  *node           // check's form of s; nil when check does not know it
	names map[string]bool // the names the schemas loaded with it declare
}

// Violation says where a value breaks its schema: the JSON pointer (RFC 6901)
// of the offending place and the keyword that failed. It never holds the
// value. Paths are made of array indices and property names the schemas
// declare; a property they do not declare is reported at its parent.
type Violation struct {
	Path    string
	Keyword string
}

func (v *Violation) Error() string { return "schema violation at " + v.Path + " (" + v.Keyword + ")" }

// Validate checks a value decoded by Decode. It returns one violation, or
// nil. Of several it picks the first by path, so the answer does not depend
// on map order; inside anyOf and oneOf every branch is expected to fail but
// one, so their failure is reported as the combinator's own.
func (s *Schema) Validate(v any) *Violation {
	if s.fast != nil && s.fast.check(v, 0) == valid {
		return nil
	}
	return s.Reference(v)
}

// Reference is Validate by the library alone, without the allocation-free
// check in front of it: what Validate must answer, for tests that hold the
// two together.
func (s *Schema) Reference(v any) *Violation {
	err := s.s.Validate(v)
	if err == nil {
		return nil
	}
	var ve *lib.ValidationError
	if !errors.As(err, &ve) {
		return &Violation{Path: "/", Keyword: "type"} // a value Decode never makes
	}
	leaf := first(ve)
	keyword := keywordOf(leaf.ErrorKind)
	loc := leaf.InstanceLocation
	if r, ok := leaf.ErrorKind.(*kind.Required); ok && len(r.Missing) > 0 {
		loc = append(slices.Clip(loc), slices.Min(r.Missing))
	}
	path, cut := s.path(v, loc)
	if cut {
		keyword = "additionalProperties"
	}
	return &Violation{Path: path, Keyword: keyword}
}

// keywordOf names the keyword that failed; the library leaves a few
// unnamed.
func keywordOf(k lib.ErrorKind) string {
	if path := k.KeywordPath(); len(path) > 0 {
		return path[0]
	}
	switch k.(type) {
	case *kind.Not:
		return "not"
	case *kind.FalseSchema:
		return "false"
	}
	return "type" // a value that is not JSON: Decode never makes one
}

// first descends to the error to report: through the library's groupings
// (the schema, $ref, allOf, several keywords at one place), never into the
// branches of anyOf and oneOf.
func first(ve *lib.ValidationError) *lib.ValidationError {
	for len(ve.Causes) > 0 {
		switch ve.ErrorKind.(type) {
		case *kind.AnyOf, *kind.OneOf:
			return ve
		}
		ve = slices.MinFunc(ve.Causes, func(a, b *lib.ValidationError) int {
			return cmp.Or(slices.Compare(a.InstanceLocation, b.InstanceLocation),
				slices.Compare(a.ErrorKind.KeywordPath(), b.ErrorKind.KeywordPath()))
		})
	}
	return ve
}

// path writes a location as a JSON pointer, cut before the first segment
// that is neither an index into an array nor a declared name (so that it
// never carries a name from the data).
func (s *Schema) path(v any, loc []string) (string, bool) {
	var b strings.Builder
	cut := false
	for _, seg := range loc {
		if !s.declared(v, seg) {
			cut = true
			break
		}
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(seg))
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, _ := strconv.Atoi(seg)
			v = x[i]
		}
	}
	if b.Len() == 0 {
		return "/", cut
	}
	return b.String(), cut
}

// declared tells whether seg may be written in a path below v.
func (s *Schema) declared(v any, seg string) bool {
	switch x := v.(type) {
	case []any:
		i, err := strconv.Atoi(seg)
		return err == nil && i >= 0 && i < len(x)
	case map[string]any:
		return s.names[seg]
	}
	return s.names[seg] // a required name below a non-object: not in the data
}
