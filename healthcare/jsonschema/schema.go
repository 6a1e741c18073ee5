package jsonschema

import (
	"encoding/json"
	"regexp"
)

// Schema is a compiled schema. Build one with a Compiler; it is immutable
// and safe for concurrent use.
type Schema struct {
	ref *Schema // set: every other field is ignored (drafts 04–07)

	types      typeSet
	props      []property // sorted by name
	required   []string
	additional *Schema // nil: any
	noExtra    bool    // additionalProperties: false
	enum       []any
	items      *Schema

	min, max         *float64
	exclMin, exclMax *float64
	allOf            []*Schema
	anyOf            []*Schema
	oneOf            []*Schema
	format           string
	pattern          *regexp.Regexp
}

type property struct {
	name   string
	schema *Schema
}

type typeSet uint8

const (
	tObject typeSet = 1 << iota
	tArray
	tString
	tNumber
	tInteger
	tBoolean
	tNull
)

var typeNames = map[string]typeSet{
	"object": tObject, "array": tArray, "string": tString, "number": tNumber,
	"integer": tInteger, "boolean": tBoolean, "null": tNull,
}

// typeOf is the type of a decoded value; a json.Number that is integral is
// both a number and an integer (drafts 06+; draft 04 agrees on every value
// the schemas here can meet).
func typeOf(v any) typeSet {
	switch x := v.(type) {
	case map[string]any:
		return tObject
	case []any:
		return tArray
	case string:
		return tString
	case bool:
		return tBoolean
	case nil:
		return tNull
	case json.Number:
		if isInteger(x) {
			return tNumber | tInteger
		}
		return tNumber
	case float64:
		return tNumber
	}
	return 0
}
