package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Compiler compiles schemas from the files of an fs.FS. A file whose content
// is not a JSON object but a file name stands for that file (how the Open
// mHealth repository's "-1.x.json" symbolic links look once copied).
//
// A Compiler is not safe for concurrent use; the Schemas it returns are.
type Compiler struct {
	fsys    fs.FS
	aliases map[string]string // absolute URI (without fragment) -> file in fsys
	docs    map[string]any    // file -> decoded document
	nodes   map[string]*Schema
}

// NewCompiler reads schemas from fsys. aliases maps absolute schema URIs (as
// written in a $ref, without fragment) to files in fsys; a $ref to any other
// absolute URI fails to compile.
func NewCompiler(fsys fs.FS, aliases map[string]string) *Compiler {
	return &Compiler{fsys: fsys, aliases: aliases, docs: map[string]any{}, nodes: map[string]*Schema{}}
}

// Compile compiles the schema in file and everything it references.
func (c *Compiler) Compile(file string) (*Schema, error) {
	return c.at(file, "")
}

// at compiles the schema at a JSON pointer in a file, once.
func (c *Compiler) at(file, pointer string) (*Schema, error) {
	file, doc, err := c.doc(file)
	if err != nil {
		return nil, err
	}
	key := file + "#" + pointer
	if s, ok := c.nodes[key]; ok {
		return s, nil
	}
	v, err := lookup(doc, pointer)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be an object", key)
	}
	s := &Schema{}
	c.nodes[key] = s // before the children, so that cycles terminate
	if err := c.fill(s, obj, file); err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return s, nil
}

// doc returns a file's decoded document, following file-name stand-ins.
func (c *Compiler) doc(file string) (string, any, error) {
	for range 8 {
		if d, ok := c.docs[file]; ok {
			return file, d, nil
		}
		raw, err := fs.ReadFile(c.fsys, file)
		if err != nil {
			return "", nil, fmt.Errorf("schema %s: %w", file, err)
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] != '{' {
			file = path.Join(path.Dir(file), string(raw))
			continue
		}
		d, err := Decode(raw)
		if err != nil {
			return "", nil, fmt.Errorf("schema %s: %w", file, err)
		}
		c.docs[file] = d
		return file, d, nil
	}
	return "", nil, fmt.Errorf("schema %s: too many file-name stand-ins", file)
}

// ref compiles the target of a $ref written in file.
func (c *Compiler) ref(file, ref string) (*Schema, error) {
	target, frag, _ := strings.Cut(ref, "#")
	switch {
	case target == "":
		target = file
	case strings.Contains(target, "://"):
		local, ok := c.aliases[target]
		if !ok {
			return nil, fmt.Errorf("$ref %s: no local copy of that schema", target)
		}
		target = local
	default:
		target = path.Join(path.Dir(file), target)
	}
	return c.at(target, frag)
}

// lookup follows a JSON pointer (RFC 6901) into a document.
func lookup(doc any, pointer string) (any, error) {
	if pointer == "" {
		return doc, nil
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, fmt.Errorf("JSON pointer %q must start with /", pointer)
	}
	v := doc
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("JSON pointer %q leads nowhere", pointer)
		}
		if v, ok = obj[tok]; !ok {
			return nil, fmt.Errorf("JSON pointer %q leads nowhere", pointer)
		}
	}
	return v, nil
}

// number reads a schema's numeric keyword.
func number(v any) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("want a number")
	}
	return n.Float64()
}
