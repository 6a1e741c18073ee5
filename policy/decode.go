package policy

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder fills Go values from YAML nodes strictly: an unknown key is an
// error, never ignored, and every struct field named Line receives the line
// of the node it was decoded from.
type decoder struct {
	file  string
	probs Problems
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.probs = append(d.probs, Problem{File: d.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v.Kind() == reflect.Pointer {
		if n.Tag == "!!null" {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem())
		return
	}
	if v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
			d.errorf(n, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		d.decodeSlice(n, v)
	case reflect.Map:
		d.decodeMap(n, v)
	default:
		d.decodeScalar(n, v)
	}
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "want a single value, found a %s", kindName(n))
		return
	}
	if v.Kind() == reflect.String && n.Tag != "!!str" && n.Style == 0 && n.Tag != "!!int" && n.Tag != "!!float" {
		// Booleans and nulls written where text belongs are almost always mistakes.
		if n.Tag == "!!bool" || n.Tag == "!!null" {
			d.errorf(n, "want text, found %s %q (quote it if you mean the text)", strings.TrimPrefix(n.Tag, "!!"), n.Value)
			return
		}
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.errorf(n, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value) {
	if n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "want a list, found a %s", kindName(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "want a mapping, found a %s", kindName(n))
		return
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := reflect.New(v.Type().Key()).Elem()
		d.decode(n.Content[i], k)
		if m.MapIndex(k).IsValid() {
			d.errorf(n.Content[i], "duplicate key %q", n.Content[i].Value)
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(n.Content[i+1], e)
		m.SetMapIndex(k, e)
	}
	v.Set(m)
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "want a mapping, found a %s", kindName(n))
		return
	}
	if f := v.FieldByName("Line"); f.IsValid() && f.Kind() == reflect.Int {
		f.SetInt(int64(n.Line))
	}
	fields := yamlFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		idx, ok := fields[key.Value]
		if !ok {
			d.errorf(key, "unknown key %q (known: %s)", key.Value, knownKeys(fields))
			continue
		}
		if seen[key.Value] {
			d.errorf(key, "duplicate key %q", key.Value)
			continue
		}
		seen[key.Value] = true
		d.decode(n.Content[i+1], v.Field(idx))
	}
}

func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			m[tag] = i
		}
	}
	return m
}

func knownKeys(fields map[string]int) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return strings.Join(keys, ", ")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	}
	return "node"
}
