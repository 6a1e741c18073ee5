package jsonschema

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"strings"

	lib "github.com/santhosh-tekuri/jsonschema/v6"
)

// Compiler compiles schemas from the files of an fs.FS. A file whose content
// is not a JSON object but a file name stands for that file (how the Open
// mHealth repository's "-1.x.json" symbolic links look once copied).
//
// A Compiler is not safe for concurrent use; the Schemas it returns are.
type Compiler struct {
	lib     *lib.Compiler
	fsys    fs.FS
	aliases map[string]string
	names   map[string]bool // every name a loaded schema declares
}

// localBase is the URL of fsys's root, for files no alias names.
const localBase = "file:///"

// NewCompiler reads schemas from fsys. aliases maps absolute URLs to what
// stands for them in fsys:
//
//   - a URL ending in "/" to a folder ("https://example.org/s/" to
//     "schemas/"): every file of the folder is known by that URL too, so
//     that references relative to a schema's $id resolve;
//   - a URL of one schema to a file, optionally with a JSON pointer
//     ("schemas/a.json#/properties/b"): a reference to the URL is one to
//     that file or to that schema inside it (a reference to the URL may not
//     add a JSON pointer of its own).
//
// A reference to any other absolute URL fails to compile.
func NewCompiler(fsys fs.FS, aliases map[string]string) *Compiler {
	c := &Compiler{lib: lib.NewCompiler(), fsys: fsys, aliases: aliases, names: map[string]bool{}}
	c.lib.DefaultDraft(lib.Draft7)
	c.lib.AssertFormat() // date-time and uri are the schemas' contract, whatever the draft
	c.lib.UseLoader(loader{c})
	return c
}

// Compile compiles the schema in file and everything it references.
func (c *Compiler) Compile(file string) (*Schema, error) {
	s, err := c.lib.Compile(c.urlOf(file))
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", file, err)
	}
	return &Schema{s: s, fast: build(s), names: maps.Clone(c.names)}, nil
}

// urlOf is the URL a file is known by: under a folder alias, else local.
func (c *Compiler) urlOf(file string) string {
	for url, dir := range c.aliases {
		if strings.HasSuffix(url, "/") && strings.HasPrefix(file, dir) {
			return url + strings.TrimPrefix(file, dir)
		}
	}
	return localBase + file
}

// fileOf is the file a URL is, for a folder alias or a local URL.
func (c *Compiler) fileOf(url string) (string, error) {
	for prefix, dir := range c.aliases {
		if strings.HasSuffix(prefix, "/") && strings.HasPrefix(url, prefix) {
			return path.Join(dir, strings.TrimPrefix(url, prefix)), nil
		}
	}
	if file, ok := strings.CutPrefix(url, localBase); ok {
		return file, nil
	}
	return "", fmt.Errorf("no local copy of that schema")
}

// loader serves the library the files of fsys.
type loader struct{ c *Compiler }

// Load returns a file's document; a file-name stand-in loads as the file it
// names. An alias of one schema loads as a document holding only a $ref to
// what it stands for, so that references inside that resolve against its
// own URL.
func (l loader) Load(url string) (any, error) {
	if target, ok := l.c.aliases[url]; ok && !strings.HasSuffix(url, "/") {
		file, ptr, _ := strings.Cut(target, "#")
		return redirect(l.c.urlOf(file) + "#" + ptr), nil
	}
	file, err := l.c.fileOf(url)
	if err != nil {
		return nil, err
	}
	doc, target, err := l.c.read(file)
	if err != nil {
		return nil, err
	}
	if target != file && hasID(doc) {
		return redirect(l.c.urlOf(target)), nil // its $id would move its references
	}
	return doc, nil
}

// read decodes a file, following file-name stand-ins (in the same folder,
// so that relative references resolve alike); it returns the file read.
func (c *Compiler) read(file string) (any, string, error) {
	for range 8 {
		raw, err := fs.ReadFile(c.fsys, file)
		if err != nil {
			return nil, "", err
		}
		if raw = bytes.TrimSpace(raw); len(raw) > 0 && raw[0] != '{' {
			file = path.Join(path.Dir(file), string(raw))
			continue
		}
		doc, err := Decode(raw)
		if err != nil {
			return nil, "", err
		}
		c.declare(doc)
		return doc, file, nil
	}
	return nil, "", fmt.Errorf("too many file-name stand-ins")
}

func hasID(doc any) bool {
	obj, _ := doc.(map[string]any)
	_, id := obj["$id"].(string)
	_, oldID := obj["id"].(string)
	return id || oldID
}

func redirect(ref string) map[string]any {
	return map[string]any{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": ref}
}
