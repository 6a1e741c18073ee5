package jsonschema

import (
	"reflect"
	"testing"
)

// every uses each keyword check reads, and references (local, recursive)
// and boolean schemas, so that FuzzCheckAgrees reaches all of check.
const every = `{
	"type": "object",
	"required": ["kind"],
	"minProperties": 1, "maxProperties": 6,
	"properties": {
		"kind": {"enum": ["a", "b", "c"]},
		"when": {"type": "string", "format": "date-time"},
		"link": {"format": "uri"},
		"code": {"type": "string", "pattern": "^[0-9]{2}-[a-z]+$", "minLength": 4, "maxLength": 8},
		"n": {"type": "integer", "minimum": -5, "maximum": 1e3, "exclusiveMaximum": 999.5},
		"x": {"type": ["number", "null"], "exclusiveMinimum": 0.25},
		"list": {"type": "array", "items": {"$ref": "#/definitions/unit"}, "minItems": 1, "maxItems": 3},
		"kid": {"$ref": "#"},
		"never": false,
		"anything": true,
		"frame": {"oneOf": [
			{"required": ["at"], "properties": {"at": {"type": "string"}}},
			{"required": ["from"], "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "not": {"required": ["at"]}}
		]},
		"either": {"anyOf": [{"type": "boolean"}, {"type": "string", "maxLength": 2}]},
		"cond": {"if": {"properties": {"u": {"enum": ["kg"]}}}, "then": {"required": ["v"]}, "else": {"required": ["w"]}},
		"closed": {"type": "object", "properties": {"p": {}}, "additionalProperties": false},
		"map": {"type": "object", "additionalProperties": {"type": "number"}}
	},
	"allOf": [{"not": {"required": ["never"]}}, {"$ref": "#/definitions/small"}],
	"definitions": {
		"unit": {"type": "object", "required": ["value", "unit"], "properties": {"value": {"type": "number"}, "unit": {"enum": ["kg", "lb"]}}},
		"small": {"maxProperties": 5}
	}
}`

// FuzzCheckAgrees: Validate, with check in front, answers what the library
// answers alone, for every value.
func FuzzCheckAgrees(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"a"}`, `{"kind":"d"}`, `{}`, `[]`, `"a"`, `1`, `null`,
		`{"kind":"b","when":"2024-03-04T09:00:00+09:00","link":"https://example.org/x"}`,
		`{"kind":"b","when":"2024-03-04","link":"x"}`,
		`{"kind":"c","code":"12-ab","n":7,"x":0.5}`, `{"kind":"c","code":"1-ab","n":7.5,"x":0.25}`,
		`{"kind":"c","n":999.5}`, `{"kind":"c","n":1000}`, `{"kind":"c","n":-6}`, `{"kind":"c","n":2.0,"x":null}`,
		`{"kind":"a","list":[{"value":1,"unit":"kg"}]}`, `{"kind":"a","list":[]}`, `{"kind":"a","list":[{"value":"1","unit":"kg"}]}`,
		`{"kind":"a","kid":{"kind":"b","kid":{"kind":"z"}}}`, `{"kind":"a","never":1}`, `{"kind":"a","anything":[1]}`,
		`{"kind":"a","frame":{"at":"t"}}`, `{"kind":"a","frame":{"from":"t"}}`, `{"kind":"a","frame":{"at":"t","from":"u"}}`, `{"kind":"a","frame":{}}`,
		`{"kind":"a","either":true}`, `{"kind":"a","either":"abc"}`, `{"kind":"a","cond":{"u":"kg","v":1}}`, `{"kind":"a","cond":{"u":"lb"}}`,
		`{"kind":"a","closed":{"p":1}}`, `{"kind":"a","closed":{"q":1}}`, `{"kind":"a","map":{"a":1,"b":"2"}}`,
		`{"kind":"a","b":1,"c":2,"d":3,"e":4,"f":5}`, `{"kind":"a","code":"12-éé"}`,
	} {
		f.Add([]byte(seed))
	}
	s := compile(f, map[string]string{"main.json": every}, nil)
	if s.fast == nil {
		f.Fatal("check does not read the test schema: it would test nothing")
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		v, err := Decode(raw)
		if err != nil {
			return
		}
		got, want := s.Validate(v), s.Reference(v)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Validate(%s) = %v, the library alone %v", raw, got, want)
		}
		if vd := s.fast.check(v, 0); vd != unsure && (vd == valid) != (want == nil) {
			t.Fatalf("check(%s) = %d, the library %v", raw, vd, want)
		}
	})
}

// The keywords check does not read leave the whole schema to the library.
func TestCheckLeavesUnknownKeywords(t *testing.T) {
	t.Parallel()
	for _, schema := range []string{
		`{"properties":{"a":{"uniqueItems":true}}}`,
		`{"patternProperties":{"^x":{"type":"string"}}}`,
		`{"allOf":[{"const":1}]}`,
		`{"enum":[1,"a"]}`,
		`{"multipleOf":2}`,
		`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string"}`,
	} {
		if s := compile(t, map[string]string{"main.json": schema}, nil); s.fast != nil {
			t.Errorf("%s: check claims to read it", schema)
		}
	}
}

// A valid value costs no allocation (the library's validator allocates
// per subschema); an invalid one is still explained by the library.
func TestCheckDoesNotAllocate(t *testing.T) {
	s := compile(t, map[string]string{"main.json": every}, nil)
	v, err := Decode([]byte(`{"kind":"a","list":[{"value":1,"unit":"kg"}],"frame":{"from":"t"},"kid":{"kind":"b"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		if s.Validate(v) != nil {
			t.Fatal("valid value refused")
		}
	}); allocs != 0 {
		t.Fatalf("Validate of a valid value allocates %.0f times", allocs)
	}
	if s.Reference(v) != nil {
		t.Fatal("the library refuses it")
	}
}

// FuzzDateTimeAgrees: the plain date-times check accepts by itself are
// date-times the library accepts.
func FuzzDateTimeAgrees(f *testing.F) {
	for _, seed := range []string{
		"2024-03-04T09:30:00+09:00", "2024-03-04T09:30:00.123Z", "2024-02-29T00:00:00z", "2023-02-29T00:00:00Z",
		"2024-04-31T00:00:00Z", "2024-03-04t23:59:60Z", "2024-03-04T24:00:00Z", "2024-03-04T09:30:00+24:00",
		"2024-03-04T09:30:00.+09:00", "0000-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "2024-03-04 09:30:00Z",
		"2100-02-29T00:00:00Z", "2000-02-29T00:00:00-00:00", "+024-03-04T09:30:00Z",
	} {
		f.Add(seed)
	}
	s := compile(f, map[string]string{"main.json": `{"format":"date-time"}`}, nil)
	f.Fuzz(func(t *testing.T, in string) {
		if plainDateTime(in) && s.Reference(in) != nil {
			t.Fatalf("%q: check accepts it, the library does not", in)
		}
	})
}
