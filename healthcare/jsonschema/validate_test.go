package jsonschema

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// compile builds a schema from a main file and helper files.
func compile(t testing.TB, files map[string]string, aliases map[string]string) *Schema {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	s, err := NewCompiler(fsys, aliases).Compile("main.json")
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return s
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		schema  string
		value   string
		path    string // "" for valid
		keyword string
	}{
		"type string ok":                 {`{"type":"string"}`, `"a"`, "", ""},
		"type mismatch at the root":      {`{"type":"string"}`, `1`, "/", "type"},
		"type list":                      {`{"type":["string","null"]}`, `null`, "", ""},
		"integer accepts 2.0":            {`{"type":"integer"}`, `2.0`, "", ""},
		"integer rejects 2.5":            {`{"type":"integer"}`, `2.5`, "/", "type"},
		"number accepts an integer":      {`{"type":"number"}`, `7`, "", ""},
		"boolean":                        {`{"type":"boolean"}`, `"true"`, "/", "type"},
		"required missing":               {`{"type":"object","required":["a","b"]}`, `{"a":1}`, "/b", "required"},
		"property type":                  {`{"properties":{"a":{"type":"string"}}}`, `{"a":1}`, "/a", "type"},
		"nested property path":           {`{"properties":{"a":{"properties":{"b~/c":{"type":"string"}}}}}`, `{"a":{"b~/c":1}}`, "/a/b~0~1c", "type"},
		"properties ignore non-objects":  {`{"properties":{"a":{"type":"string"}}}`, `[1]`, "", ""},
		"additionalProperties false":     {`{"properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"secret":2}`, "/", "additionalProperties"},
		"additionalProperties schema":    {`{"additionalProperties":{"type":"number"}}`, `{"x":"no"}`, "/", "additionalProperties"},
		"additionalProperties schema ok": {`{"additionalProperties":{"type":"number"}}`, `{"x":1}`, "", ""},
		"enum string":                    {`{"enum":["a","b"]}`, `"c"`, "/", "enum"},
		"enum number by value":           {`{"enum":[1]}`, `1.0`, "", ""},
		"enum object":                    {`{"enum":[{"a":[1,"x"]}]}`, `{"a":[1,"x"]}`, "", ""},
		"enum object differs":            {`{"enum":[{"a":[1,"x"]}]}`, `{"a":[1,"y"]}`, "/", "enum"},
		"minimum":                        {`{"minimum":5}`, `4.9`, "/", "minimum"},
		"minimum inclusive":              {`{"minimum":5}`, `5`, "", ""},
		"maximum":                        {`{"maximum":5}`, `5.1`, "/", "maximum"},
		"draft 4 exclusive minimum":      {`{"$schema":"http://json-schema.org/draft-04/schema#","minimum":5,"exclusiveMinimum":true}`, `5`, "/", "exclusiveMinimum"},
		"draft 4 exclusive off":          {`{"$schema":"http://json-schema.org/draft-04/schema#","minimum":5,"exclusiveMinimum":false}`, `5`, "", ""},
		"draft 6 exclusive maximum":      {`{"exclusiveMaximum":5}`, `5`, "/", "exclusiveMaximum"},
		"draft 4 exclusive maximum":      {`{"$schema":"http://json-schema.org/draft-04/schema#","maximum":5,"exclusiveMaximum":true}`, `4.5`, "", ""},
		"bounds skip strings":            {`{"minimum":5}`, `"1"`, "", ""},
		"huge number is above a max":     {`{"maximum":5}`, `1e400`, "/", "maximum"},
		"allOf reports the branch":       {`{"allOf":[{"properties":{"u":{"enum":["x"]}}},{"required":["v"]}]}`, `{"u":"y","v":1}`, "/u", "enum"},
		"anyOf none":                     {`{"anyOf":[{"type":"string"},{"type":"number"}]}`, `true`, "/", "anyOf"},
		"anyOf one":                      {`{"anyOf":[{"type":"string"},{"type":"number"}]}`, `1`, "", ""},
		"oneOf two match":                {`{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `1`, "/", "oneOf"},
		"oneOf exactly one":              {`{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `1.5`, "", ""},
		"oneOf at a nested path":         {`{"properties":{"t":{"oneOf":[{"required":["a"]},{"required":["b"]}]}}}`, `{"t":{}}`, "/t", "oneOf"},
		"items":                          {`{"items":{"type":"string"}}`, `["a",2]`, "/1", "type"},
		"pattern":                        {`{"pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}`, `"2024-3-04"`, "/", "pattern"},
		"pattern ok":                     {`{"pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}`, `"2024-03-04"`, "", ""},
		"date-time with offset":          {`{"format":"date-time"}`, `"2024-03-04T09:00:00.123+09:00"`, "", ""},
		"date-time without offset":       {`{"format":"date-time"}`, `"2024-03-04T09:00:00"`, "/", "format"},
		"date-time a date only":          {`{"format":"date-time"}`, `"2024-03-04"`, "/", "format"},
		"uri absolute":                   {`{"format":"uri"}`, `"https://example.org/s"`, "", ""},
		"uri relative":                   {`{"format":"uri"}`, `"s.json"`, "/", "format"},
		"annotations are ignored":        {`{"description":"d","references":[{"url":"x"}],"deprecation":{},"type":"string"}`, `"a"`, "", ""},
		"ref overrides siblings":         {`{"$ref":"#/definitions/s","type":"number","definitions":{"s":{"type":"string"}}}`, `"a"`, "", ""},
		"local ref":                      {`{"properties":{"a":{"$ref":"#/definitions/s"}},"definitions":{"s":{"type":"string"}}}`, `{"a":1}`, "/a", "type"},
		"relative ref":                   {`{"properties":{"a":{"$ref":"other.json#/definitions/n"}}}`, `{"a":"x"}`, "/a", "type"},
		"ref through a stand-in file":    {`{"$ref":"link.json"}`, `{}`, "/n", "required"},
		"absolute ref through an alias":  {`{"properties":{"a":{"$ref":"https://example.org/other.json"}}}`, `{"a":{}}`, "/a/n", "required"},
		"alias to a place in a file":     {`{"$ref":"https://example.org/n.json"}`, `"x"`, "/", "type"},
		"folder alias and $id":           {`{"$ref":"https://example.org/lib/id.json"}`, `{"n":"x"}`, "/n", "type"},
		"several: the first by path":     {`{"properties":{"b":{"type":"string"},"a":{"type":"string"}}}`, `{"a":1,"b":2}`, "/a", "type"},
		"several: the parent's first":    {`{"properties":{"a":{"type":"string"}},"required":["z","y"]}`, `{"a":1}`, "/y", "required"},
		"an undeclared numeric key":      {`{"properties":{"a":{"additionalProperties":{"type":"number"}}}}`, `{"a":{"01000000000":"x"}}`, "/a", "additionalProperties"},
		"a declared name out of place":   {`{"properties":{"a":{"properties":{"b":{}},"additionalProperties":false}}}`, `{"a":{"a":1}}`, "/a", "additionalProperties"},
		"not, named":                     {`{"properties":{"t":{"not":{"required":["p"]}}}}`, `{"t":{"p":1}}`, "/t", "not"},
		"recursive schema":               {`{"properties":{"kid":{"$ref":"#"},"n":{"type":"number"}}}`, `{"kid":{"kid":{"n":"x"}}}`, "/kid/kid/n", "type"},
	}
	helpers := map[string]string{
		"other.json":   `{"required":["n"],"definitions":{"n":{"type":"number"}}}`,
		"link.json":    "other.json\n",
		"lib/id.json":  `{"$id":"https://example.org/lib/id.json","properties":{"n":{"$ref":"num.json"}}}`,
		"lib/num.json": `{"type":"number"}`,
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"main.json": tc.schema}
			for k, v := range helpers {
				files[k] = v
			}
			s := compile(t, files, map[string]string{
				"https://example.org/other.json": "other.json",
				"https://example.org/n.json":     "other.json#/definitions/n",
				"https://example.org/lib/":       "lib/",
			})
			v, err := Decode([]byte(tc.value))
			if err != nil {
				t.Fatal(err)
			}
			got := s.Validate(v)
			if want := s.Reference(v); !reflect.DeepEqual(got, want) {
				t.Fatalf("Validate = %v, the library alone %v", got, want)
			}
			switch {
			case tc.path == "" && got != nil:
				t.Fatalf("Validate = %v, want valid", got)
			case tc.path != "" && (got == nil || got.Path != tc.path || got.Keyword != tc.keyword):
				t.Fatalf("Validate = %v, want %s (%s)", got, tc.path, tc.keyword)
			}
		})
	}
}

// Schemas are checked against their draft's metaschema; references must
// resolve offline.
func TestCompileErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		schema string
		want   string
	}{
		"missing file":               {`{"$ref":"nowhere.json"}`, "nowhere.json"},
		"absolute ref without alias": {`{"$ref":"https://example.org/x.json"}`, "no local copy"},
		"pointer leads nowhere":      {`{"$ref":"#/definitions/none"}`, "not found"},
		"unknown type":               {`{"type":"decimal"}`, "metaschema"},
		"empty enum":                 {`{"enum":[]}`, "metaschema"},
		"draft 4 bound in draft 7":   {`{"exclusiveMinimum":true}`, "metaschema"},
		"bound not a number":         {`{"minimum":"5"}`, "metaschema"},
		"required not names":         {`{"required":[1]}`, "metaschema"},
		"pattern Go cannot run":      {`{"pattern":"(?<=a)b"}`, "not valid regex"},
		"not JSON":                   {`{`, "not a JSON value"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"main.json": {Data: []byte(tc.schema)}}
			_, err := NewCompiler(fsys, nil).Compile("main.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Compile error = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"trailing data": `{} {}`,
		"not JSON":      `{"a":`,
		"empty":         ``,
	} {
		if _, err := Decode([]byte(in)); err == nil {
			t.Errorf("%s: Decode accepted it", name)
		} else if strings.Contains(err.Error(), "{") {
			t.Errorf("%s: the error quotes the input: %v", name, err)
		}
	}
}

func TestViolationHasNoValue(t *testing.T) {
	t.Parallel()
	s := compile(t, map[string]string{"main.json": `{"properties":{"hr":{"maximum":250}},"additionalProperties":{"type":"number"}}`}, nil)
	for _, in := range []string{`{"hr":12345}`, `{"hr":1,"name-of-someone":"x"}`} {
		v, _ := Decode([]byte(in))
		got := s.Validate(v)
		if got == nil || strings.Contains(got.Error(), "12345") || strings.Contains(got.Error(), "someone") {
			t.Fatalf("Validate(%s) = %v", in, got)
		}
	}
}
