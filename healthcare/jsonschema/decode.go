package jsonschema

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Decode parses one JSON value as Validate expects it: objects as
// map[string]any, arrays as []any, numbers as json.Number. Trailing data
// after the value is an error. The error never quotes the input.
//
// It gives what encoding/json's Decoder with UseNumber gives (a fuzz test
// holds it to that), at a fraction of the cost: every wearable data point
// and Observation passes through it, and decoding was most of their
// parsing time. Strings with escapes or invalid UTF-8 are left to
// encoding/json, for its exact replacement rules.
func Decode(data []byte) (any, error) {
	p := parser{b: data}
	v, ok := p.value(0)
	if !ok {
		return nil, errors.New("jsonschema: not a JSON value")
	}
	if p.space(); p.i != len(p.b) {
		return nil, errors.New("jsonschema: data after the JSON value")
	}
	return v, nil
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

type parser struct {
	b []byte
	i int
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, bool) {
	p.space()
	if p.i >= len(p.b) || depth > maxDepth {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.text()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return p.literal()
}

func (p *parser) literal() (any, bool) {
	for _, l := range []struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.b)-p.i >= len(l.text) && string(p.b[p.i:p.i+len(l.text)]) == l.text {
			p.i += len(l.text)
			return l.v, true
		}
	}
	return nil, false
}

func (p *parser) object(depth int) (any, bool) {
	p.i++ // {
	m := map[string]any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.key()
		if !ok || !p.expect(':') {
			return nil, false
		}
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		m[k] = v
		if done, ok := p.next('}'); !ok || done {
			return m, ok
		}
	}
}

func (p *parser) array(depth int) (any, bool) {
	p.i++ // [
	list := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return list, true
	}
	for {
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		list = append(list, v)
		if done, ok := p.next(']'); !ok || done {
			return list, ok
		}
	}
}

// next reads the comma or the closing bracket after a member.
func (p *parser) next(closing byte) (done, ok bool) {
	p.space()
	if p.i >= len(p.b) {
		return false, false
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		return false, true
	case closing:
		p.i++
		return true, true
	}
	return false, false
}

func (p *parser) expect(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// key reads a member name.
func (p *parser) key() (string, bool) {
	raw, plain, ok := p.quoted()
	switch {
	case !ok:
		return "", false
	case plain:
		if v, ok := shared(raw[1 : len(raw)-1]); ok {
			return v.(string), true
		}
		return string(raw[1 : len(raw)-1]), true
	}
	return unquote(raw)
}

// text reads a string value, boxed.
func (p *parser) text() (any, bool) {
	raw, plain, ok := p.quoted()
	switch {
	case !ok:
		return nil, false
	case plain:
		if v, ok := shared(raw[1 : len(raw)-1]); ok {
			return v, true
		}
		return string(raw[1 : len(raw)-1]), true
	}
	return unquote(raw)
}

// unquote leaves escapes and invalid UTF-8 to encoding/json, for its exact
// replacement rules.
func unquote(raw []byte) (string, bool) {
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err == nil
}

// quoted reads a string with its quotes; plain means no escape and valid
// UTF-8, so that its bytes are its value.
func (p *parser) quoted() (raw []byte, plain, ok bool) {
	start := p.i
	p.i++ // "
	plain = true
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			raw = p.b[start:p.i]
			return raw, plain && utf8.Valid(raw), true
		case c == '\\':
			plain = false
			p.i += 2
		case c < 0x20:
			return nil, false, false
		default:
			p.i++
		}
	}
	return nil, false, false
}

// number checks the JSON number grammar and keeps its text.
func (p *parser) number() (any, bool) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case !p.digits():
		return nil, false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		if p.i++; !p.digits() {
			return nil, false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		if p.i++; p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return nil, false
		}
	}
	return json.Number(p.b[start:p.i]), true
}

// digits reads one or more decimal digits.
func (p *parser) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}
