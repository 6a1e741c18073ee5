package jsonschema

import (
	"encoding/json"
	"math/big"
	"strings"
	"unicode/utf8"

	lib "github.com/santhosh-tekuri/jsonschema/v6"
)

// The library builds a validator state for every subschema it visits, so
// that it can explain a failure; most values are valid and need no
// explanation. check answers the same verdict as the library from the same
// compiled schema without allocating, for the keywords the Open mHealth
// schemas use; Validate asks the library only when check does not find the
// value valid, so every violation is still the library's own. A schema
// with a keyword check does not know is left to the library entirely. A
// differential test (FuzzCheckAgrees, and omh's fuzz test over its
// schemas) holds check to the library's verdict.

// verdict is check's answer.
type verdict int8

const (
	unsure  verdict = iota // ask the library
	valid                  // the library would find no violation
	invalid                // the library would find one
)

func verdictOf(ok bool) verdict {
	if ok {
		return valid
	}
	return invalid
}

// node is one compiled lib.Schema, as check reads it.
type node struct {
	boolean  *bool
	types    []string // empty: any type
	enum     []string // with hasEnum: the allowed strings
	hasEnum  bool
	format   func(any) error
	ref      *node // with refOnly (drafts before 2019): its verdict is the schema's
	refOnly  bool
	props    map[string]*node
	required []string
	noExtra  bool  // additionalProperties: false
	extra    *node // additionalProperties as a schema
	minProps *int
	maxProps *int
	items    *node
	minItems *int
	maxItems *int
	minLen   *int
	maxLen   *int
	pattern  lib.Regexp
	minimum  *big.Rat
	maximum  *big.Rat
	exclMin  *big.Rat
	exclMax  *big.Rat
	not      *node
	allOf    []*node
	anyOf    []*node
	oneOf    []*node
	ifS      *node
	thenS    *node
	elseS    *node
}

// build mirrors a compiled schema for check; nil when some schema it
// reaches uses a keyword check does not know.
func build(s *lib.Schema) *node {
	b := builder{nodes: map[*lib.Schema]*node{}}
	n := b.node(s)
	if b.unknown {
		return nil
	}
	return n
}

type builder struct {
	nodes   map[*lib.Schema]*node
	unknown bool
}

func (b *builder) node(s *lib.Schema) *node {
	if s == nil {
		return nil
	}
	if n, ok := b.nodes[s]; ok {
		return n
	}
	n := &node{}
	b.nodes[s] = n
	if !known(s) {
		b.unknown = true
		return n
	}
	n.boolean = s.Bool
	if s.Types != nil {
		n.types = s.Types.ToStrings()
	}
	if s.Enum != nil {
		n.hasEnum = true
		for _, v := range s.Enum.Values {
			str, ok := v.(string)
			if !ok {
				b.unknown = true
			}
			n.enum = append(n.enum, str)
		}
	}
	if s.Format != nil {
		n.format = s.Format.Validate
		if s.Format.Name == "date-time" {
			n.format = dateTime(s.Format.Validate)
		}
	}
	n.ref, n.refOnly = b.node(s.Ref), s.Ref != nil && s.DraftVersion < 2019
	if len(s.Properties) > 0 {
		n.props = map[string]*node{}
		for name, sub := range s.Properties {
			n.props[name] = b.node(sub)
		}
	}
	n.required = s.Required
	switch extra := s.AdditionalProperties.(type) {
	case bool:
		n.noExtra = !extra
	case *lib.Schema:
		n.extra = b.node(extra)
	}
	n.minProps, n.maxProps = s.MinProperties, s.MaxProperties
	if items, ok := s.Items.(*lib.Schema); ok {
		n.items = b.node(items)
	}
	n.minItems, n.maxItems = s.MinItems, s.MaxItems
	n.minLen, n.maxLen, n.pattern = s.MinLength, s.MaxLength, s.Pattern
	n.minimum, n.maximum, n.exclMin, n.exclMax = s.Minimum, s.Maximum, s.ExclusiveMinimum, s.ExclusiveMaximum
	n.not = b.node(s.Not)
	n.allOf, n.anyOf, n.oneOf = b.list(s.AllOf), b.list(s.AnyOf), b.list(s.OneOf)
	n.ifS, n.thenS, n.elseS = b.node(s.If), b.node(s.Then), b.node(s.Else)
	return n
}

func (b *builder) list(schemas []*lib.Schema) []*node {
	var out []*node
	for _, s := range schemas {
		out = append(out, b.node(s))
	}
	return out
}

// known reports whether check reads every keyword s uses: drafts 4 to 7
// without the keywords the Open mHealth schemas never use.
func known(s *lib.Schema) bool {
	_, tuple := s.Items.([]*lib.Schema)
	return s.DraftVersion < 2019 && !tuple &&
		s.Const == nil && s.RecursiveRef == nil && s.DynamicRef == nil &&
		s.PropertyNames == nil && len(s.PatternProperties) == 0 && len(s.Dependencies) == 0 &&
		len(s.DependentRequired) == 0 && len(s.DependentSchemas) == 0 && s.UnevaluatedProperties == nil &&
		!s.UniqueItems && s.Contains == nil && s.AdditionalItems == nil && len(s.PrefixItems) == 0 &&
		s.Items2020 == nil && s.UnevaluatedItems == nil &&
		s.ContentEncoding == nil && s.ContentMediaType == nil && s.ContentSchema == nil &&
		s.MultipleOf == nil && len(s.Extensions) == 0
}

// maxCheckDepth bounds check's descent: a reference cycle that consumes no
// input (the library reports it) is left to the library.
const maxCheckDepth = 128

// check is the library's verdict on v, in the order the library's
// validator reads the keywords, or unsure.
func (n *node) check(v any, depth int) verdict {
	if depth > maxCheckDepth {
		return unsure
	}
	if n.boolean != nil {
		return verdictOf(*n.boolean)
	}
	t, ok := typeName(v)
	if !ok {
		return unsure // not a value Decode makes
	}
	if len(n.types) > 0 && !n.typeMatches(t, v) {
		return invalid
	}
	if n.hasEnum {
		s, isStr := v.(string)
		if !isStr || !contains(n.enum, s) {
			return invalid
		}
	}
	if n.format != nil && n.format(v) != nil {
		return invalid
	}
	if n.ref != nil && n.refOnly {
		return n.ref.check(v, depth+1)
	}
	if n.ref != nil {
		return unsure // drafts from 2019 are never built
	}
	out := valid
	switch x := v.(type) {
	case map[string]any:
		out = n.object(x, depth)
	case []any:
		out = n.array(x, depth)
	case string:
		out = n.text(x)
	case json.Number:
		out = n.number(x)
	}
	if out != valid {
		return out
	}
	return n.conditions(v, depth)
}

// typeName is the JSON type of a value Decode makes.
func typeName(v any) (string, bool) {
	switch v.(type) {
	case nil:
		return "null", true
	case bool:
		return "boolean", true
	case json.Number:
		return "number", true
	case string:
		return "string", true
	case []any:
		return "array", true
	case map[string]any:
		return "object", true
	}
	return "", false
}

func (n *node) typeMatches(t string, v any) bool {
	for _, want := range n.types {
		if want == t || want == "integer" && t == "number" && isInteger(v.(json.Number)) {
			return true
		}
	}
	return false
}

// isInteger is the library's test: the number's value is whole.
func isInteger(num json.Number) bool {
	s := string(num)
	if !strings.ContainsAny(s, ".eE") {
		return true // Decode's grammar: an optional minus and digits
	}
	rat, ok := new(big.Rat).SetString(s)
	return ok && rat.IsInt()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (n *node) object(obj map[string]any, depth int) verdict {
	if n.minProps != nil && len(obj) < *n.minProps || n.maxProps != nil && len(obj) > *n.maxProps {
		return invalid
	}
	for _, name := range n.required {
		if _, ok := obj[name]; !ok {
			return invalid
		}
	}
	out := valid
	for name, v := range obj {
		sub, ok := n.props[name]
		switch {
		case ok:
		case n.noExtra:
			return invalid
		case n.extra != nil:
			sub = n.extra
		default:
			continue
		}
		switch sub.check(v, depth+1) {
		case invalid:
			return invalid
		case unsure:
			out = unsure
		}
	}
	return out
}

func (n *node) array(arr []any, depth int) verdict {
	if n.minItems != nil && len(arr) < *n.minItems || n.maxItems != nil && len(arr) > *n.maxItems {
		return invalid
	}
	out := valid
	if n.items != nil {
		for _, v := range arr {
			switch n.items.check(v, depth+1) {
			case invalid:
				return invalid
			case unsure:
				out = unsure
			}
		}
	}
	return out
}

func (n *node) text(s string) verdict {
	if n.minLen != nil || n.maxLen != nil {
		count := utf8.RuneCountInString(s)
		if n.minLen != nil && count < *n.minLen || n.maxLen != nil && count > *n.maxLen {
			return invalid
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return invalid
	}
	return valid
}

// number compares exactly, as the library does (big.Rat); no Open mHealth
// schema bounds a number, so the cost stays off the common path.
func (n *node) number(num json.Number) verdict {
	if n.minimum == nil && n.maximum == nil && n.exclMin == nil && n.exclMax == nil {
		return valid
	}
	x, ok := new(big.Rat).SetString(string(num))
	if !ok {
		return unsure
	}
	if n.minimum != nil && x.Cmp(n.minimum) < 0 || n.maximum != nil && x.Cmp(n.maximum) > 0 ||
		n.exclMin != nil && x.Cmp(n.exclMin) <= 0 || n.exclMax != nil && x.Cmp(n.exclMax) >= 0 {
		return invalid
	}
	return valid
}

// conditions: not, allOf, anyOf, oneOf, if/then/else.
func (n *node) conditions(v any, depth int) verdict {
	out := valid
	note := func(vd verdict) {
		if vd == unsure {
			out = unsure
		}
	}
	if n.not != nil {
		switch n.not.check(v, depth+1) {
		case valid:
			return invalid
		case unsure:
			out = unsure
		}
	}
	for _, sub := range n.allOf {
		vd := sub.check(v, depth+1)
		if vd == invalid {
			return invalid
		}
		note(vd)
	}
	if len(n.anyOf) > 0 {
		some := invalid
		for _, sub := range n.anyOf {
			if vd := sub.check(v, depth+1); vd == valid {
				some = valid
				break
			} else if vd == unsure {
				some = unsure
			}
		}
		if some == invalid {
			return invalid
		}
		note(some)
	}
	if len(n.oneOf) > 0 {
		matched, doubt := 0, false
		for _, sub := range n.oneOf {
			switch sub.check(v, depth+1) {
			case valid:
				matched++
			case unsure:
				doubt = true
			}
		}
		switch {
		case matched > 1 || matched == 0 && !doubt:
			return invalid
		case doubt:
			out = unsure
		}
	}
	if n.ifS != nil {
		var then *node
		switch n.ifS.check(v, depth+1) {
		case valid:
			then = n.thenS
		case invalid:
			then = n.elseS
		default:
			return unsure
		}
		if then != nil {
			vd := then.check(v, depth+1)
			if vd == invalid {
				return invalid
			}
			note(vd)
		}
	}
	return out
}

// dateTime answers a plain RFC 3339 date-time (2024-03-04T09:30:00+09:00,
// with or without a fraction, Z or an offset; no leap second) without the
// library's format check, which allocates; anything else goes to lib.
func dateTime(lib func(any) error) func(any) error {
	return func(v any) error {
		if s, ok := v.(string); ok && plainDateTime(s) {
			return nil
		}
		return lib(v)
	}
}

func plainDateTime(s string) bool {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' && s[10] != 't' || s[13] != ':' || s[16] != ':' {
		return false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	second, ok6 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || second > 59 {
		return false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	if rest == "Z" || rest == "z" {
		return true
	}
	if len(rest) != 6 || rest[0] != '+' && rest[0] != '-' || rest[3] != ':' {
		return false
	}
	zh, ok1 := digits(rest[1:3])
	zm, ok2 := digits(rest[4:6])
	return ok1 && ok2 && zh <= 23 && zm <= 59
}

// digits reads a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
