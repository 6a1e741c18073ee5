package jsonschema

import (
	"fmt"
	"regexp"
	"sort"
)

// annotations are keywords that do not validate; the Open mHealth schemas
// add "references" and "deprecation" of their own.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "id": true, "$comment": true, "title": true,
	"description": true, "definitions": true, "default": true, "examples": true,
	"references": true, "deprecation": true,
}

// fill compiles the keywords of one schema object.
func (c *Compiler) fill(s *Schema, obj map[string]any, file string) error {
	if r, ok := obj["$ref"]; ok {
		ref, ok := r.(string)
		if !ok {
			return fmt.Errorf("$ref: want a string")
		}
		var err error
		s.ref, err = c.ref(file, ref)
		return err
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic errors
	for _, k := range keys {
		if err := c.keyword(s, k, obj[k], file, obj); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	return nil
}

func (c *Compiler) keyword(s *Schema, k string, v any, file string, obj map[string]any) error {
	switch k {
	case "type":
		return s.setType(v)
	case "properties":
		return c.properties(s, v, file)
	case "required":
		return s.setRequired(v)
	case "additionalProperties":
		return c.additional(s, v, file)
	case "enum":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return fmt.Errorf("want a non-empty array")
		}
		s.enum = list
		internEnum(list)
		return nil
	case "items":
		return c.sub(&s.items, v, file)
	case "allOf", "anyOf", "oneOf":
		return c.list(s, k, v, file)
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return s.bound(k, v, obj)
	case "format":
		return s.setFormat(v)
	case "pattern":
		return s.setPattern(v)
	}
	if annotations[k] {
		return nil
	}
	return fmt.Errorf("keyword not supported")
}

func (s *Schema) setType(v any) error {
	names, ok := v.([]any)
	if !ok {
		names = []any{v}
	}
	for _, n := range names {
		name, _ := n.(string)
		t, ok := typeNames[name]
		if !ok {
			return fmt.Errorf("unknown type")
		}
		s.types |= t
	}
	return nil
}

func (c *Compiler) properties(s *Schema, v any, file string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want an object")
	}
	for name, sub := range obj {
		p := property{name: name}
		if err := c.sub(&p.schema, sub, file); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.props = append(s.props, p)
	}
	sort.Slice(s.props, func(i, j int) bool { return s.props[i].name < s.props[j].name })
	for _, p := range s.props {
		intern(p.name)
	}
	return nil
}

func (s *Schema) setRequired(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("want an array")
	}
	for _, n := range list {
		name, ok := n.(string)
		if !ok {
			return fmt.Errorf("want property names")
		}
		s.required = append(s.required, name)
	}
	return nil
}

func (c *Compiler) additional(s *Schema, v any, file string) error {
	if b, ok := v.(bool); ok {
		s.noExtra = !b
		return nil
	}
	return c.sub(&s.additional, v, file)
}

func (c *Compiler) list(s *Schema, k string, v any, file string) error {
	subs, ok := v.([]any)
	if !ok || len(subs) == 0 {
		return fmt.Errorf("want a non-empty array")
	}
	out := make([]*Schema, len(subs))
	for i, sub := range subs {
		if err := c.sub(&out[i], sub, file); err != nil {
			return fmt.Errorf("%d: %w", i, err)
		}
	}
	switch k {
	case "allOf":
		s.allOf = out
	case "anyOf":
		s.anyOf = out
	default:
		s.oneOf = out
	}
	return nil
}

// sub compiles an inline subschema.
func (c *Compiler) sub(dst **Schema, v any, file string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want a schema object")
	}
	*dst = &Schema{}
	return c.fill(*dst, obj, file)
}

// bound compiles minimum, maximum and both forms of the exclusive bounds:
// draft 04's boolean modifier and draft 06's number.
func (s *Schema) bound(k string, v any, obj map[string]any) error {
	if b, ok := v.(bool); ok {
		other := map[string]string{"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}[k]
		if other == "" || obj[other] == nil {
			return fmt.Errorf("a boolean exclusive bound needs %s", other)
		}
		if b {
			f, err := number(obj[other])
			*s.slot(k) = &f
			return err
		}
		return nil
	}
	f, err := number(v)
	*s.slot(k) = &f
	return err
}

func (s *Schema) slot(k string) **float64 {
	return map[string]**float64{
		"minimum": &s.min, "maximum": &s.max,
		"exclusiveMinimum": &s.exclMin, "exclusiveMaximum": &s.exclMax,
	}[k]
}

func (s *Schema) setFormat(v any) error {
	f, _ := v.(string)
	if f != "date-time" && f != "uri" {
		return fmt.Errorf("format %q not supported", f)
	}
	s.format = f
	return nil
}

func (s *Schema) setPattern(v any) error {
	p, ok := v.(string)
	if !ok {
		return fmt.Errorf("want a string")
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return fmt.Errorf("not a pattern this validator can run")
	}
	s.pattern = re
	return nil
}
