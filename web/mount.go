package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"jikimi/errs"
)

// mergeOpenAPI adds each mount's paths and components to the base
// document. A path or component named twice is an error. Each path item a
// mount adds is marked x-jikimi-mount: NAME, so that a linter's complaint
// about the merged document leads to the fragment it came from.
func mergeOpenAPI(base []byte, mounts []Mount) ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("web: openapi.yaml: %w", err)
	}
	for _, m := range mounts {
		if len(m.OpenAPI) == 0 {
			continue
		}
		var frag map[string]any
		if err := yaml.Unmarshal(m.OpenAPI, &frag); err != nil {
			return nil, fmt.Errorf("web: OpenAPI fragment of %s: %w", m.Name, err)
		}
		if err := markMount(frag, m.Name); err != nil {
			return nil, err
		}
		if err := mergeSection(doc, frag, "paths", m.Name); err != nil {
			return nil, err
		}
		comps, _ := frag["components"].(map[string]any)
		for kind := range comps {
			if err := mergeSection(section(doc, "components"), comps, kind, m.Name); err != nil {
				return nil, err
			}
		}
	}
	return yaml.Marshal(doc)
}

// markMount puts x-jikimi-mount: NAME first in each of a fragment's path
// items, where a linter's excerpt of the item shows it.
func markMount(frag map[string]any, name string) error {
	paths, _ := frag["paths"].(map[string]any)
	for path, item := range paths {
		var n yaml.Node
		if err := n.Encode(item); err != nil {
			return fmt.Errorf("web: OpenAPI fragment of %s: %s: %w", name, path, err)
		}
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("web: OpenAPI fragment of %s: %s is not a path item", name, path)
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: "x-jikimi-mount"}
		val := &yaml.Node{Kind: yaml.ScalarNode, Value: name}
		n.Content = append([]*yaml.Node{key, val}, n.Content...)
		paths[path] = &n
	}
	return nil
}

func section(doc map[string]any, key string) map[string]any {
	s, ok := doc[key].(map[string]any)
	if !ok {
		s = map[string]any{}
		doc[key] = s
	}
	return s
}

func mergeSection(dst, src map[string]any, key, mount string) error {
	from, _ := src[key].(map[string]any)
	into := section(dst, key)
	for name, v := range from {
		if _, dup := into[name]; dup {
			return fmt.Errorf("web: %s declares %s %q, which is already declared", mount, key, name)
		}
		into[name] = v
	}
	return nil
}

// CheckMount reports whether a mount's OpenAPI fragment documents exactly
// its routes, in both directions. Every service tests its mount with it.
func CheckMount(m Mount) error {
	var frag struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(m.OpenAPI, &frag); err != nil {
		return fmt.Errorf("OpenAPI fragment of %s: %w", m.Name, err)
	}
	var documented, served []string
	for path, ops := range frag.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range m.Routes {
		served = append(served, rt.Method+" "+rt.Path)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if !slices.Equal(documented, served) {
		return fmt.Errorf("%s: OpenAPI documents %q\nbut serves %q", m.Name, documented, served)
	}
	return nil
}

// Decode reads a JSON request body of at most limit bytes into v. A body
// not sent as JSON (Content-Type application/json or another +json type) is
// refused, so a page on another site cannot send one without CORS; unknown
// fields, a key written twice in one object, invalid UTF-8 (which
// encoding/json would silently replace), trailing data and oversized
// bodies are invalid. Messages never quote the body, which may hold
// personal data.
func Decode(r *http.Request, limit int64, v any) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return &errs.Error{Code: errs.Unsupported, Reason: "json_required", Message: "request body: send JSON with Content-Type: application/json"}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		return decodeError(err, limit)
	}
	if !utf8.Valid(raw) {
		return errs.E(errs.Invalid, "request body: not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, limit)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.E(errs.Invalid, "request body: trailing data after the JSON value")
	}
	return uniqueKeys(raw)
}

// uniqueKeys refuses an object that names a key twice: encoding/json keeps
// the last, so {"outcome":"approved","outcome":null} would pass a check of
// the first. The body is already known to be one well-formed JSON value.
func uniqueKeys(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	type frame struct {
		keys   map[string]bool
		object bool
		key    bool // the next token of the object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return errs.E(errs.Invalid, "request body: malformed JSON")
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{keys: map[string]bool{}, object: d == '{', key: d == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if top.key {
			k := tok.(string)
			if top.keys[k] {
				return errs.E(errs.Invalid, "request body: key %q is written twice in one object", k)
			}
			top.keys[k] = true
		}
		top.key = !top.key
	}
}

func isJSON(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	return err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

func decodeError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var field *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &tooBig):
		return errs.E(errs.Invalid, "request body: larger than %d bytes", limit)
	case errors.As(err, &field):
		return errs.E(errs.Invalid, "request body: field %q has the wrong type (want %s)", field.Field, field.Type)
	case errors.As(err, &syntax):
		return errs.E(errs.Invalid, "request body: malformed JSON at byte %d", syntax.Offset)
	case errors.Is(err, io.EOF):
		return errs.E(errs.Invalid, "request body: empty")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errs.E(errs.Invalid, "request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return errs.E(errs.Invalid, "request body: malformed JSON")
}

// ClientIP is the request's source address, for the access log.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Bearer returns the token of an "Authorization: Bearer TOKEN" header, or "".
func Bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
