package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Decode parses one JSON value as Validate expects it: objects as
// map[string]any, arrays as []any, numbers as json.Number. Trailing data
// after the value is an error. The error never quotes the input.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errors.New("jsonschema: not a JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("jsonschema: data after the JSON value")
	}
	return v, nil
}
