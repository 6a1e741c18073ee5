package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one finding about a declaration, printed as file:line: message.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems is a list of findings; as an error it prints one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders findings by file and line.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// ParseFile reads and decodes one declaration file. It does not lint.
func ParseFile(name string) (*Policy, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Parse decodes a declaration strictly: malformed YAML, unknown keys and
// values of the wrong shape are errors (as Problems). It does not lint.
func Parse(name string, data []byte) (*Policy, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, Problems{{File: name, Line: yamlErrLine(err), Msg: "malformed YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Problems{{File: name, Line: extra.Line, Msg: "more than one YAML document; a declaration is one document"}}
	}
	if len(doc.Content) != 1 {
		return nil, Problems{{File: name, Line: 1, Msg: "empty declaration"}}
	}
	d := &decoder{file: name}
	sum := sha256.Sum256(data)
	p := &Policy{File: name, SHA256: hex.EncodeToString(sum[:])}
	d.decode(doc.Content[0], reflect.ValueOf(p).Elem())
	if len(d.probs) > 0 {
		return nil, d.probs
	}
	p.index()
	return p, nil
}

// yamlErrLine digs the line number out of a yaml.v3 error ("yaml: line 7: ...").
func yamlErrLine(err error) int {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	var line int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	if line == 0 {
		line = 1
	}
	return line
}

// index fills the derived fields: item owners and the item index.
func (p *Policy) index() {
	p.Items = map[string]*Item{}
	for _, pu := range p.Purposes {
		for _, it := range pu.Items {
			it.Purpose = pu.ID
			if _, dup := p.Items[it.ID]; !dup {
				p.Items[it.ID] = it
			}
		}
	}
	if p.Automatic != nil {
		for _, it := range p.Automatic.Items {
			if it.Class == "" {
				it.Class = ClassAuto
			}
			if _, dup := p.Items[it.ID]; !dup {
				p.Items[it.ID] = it
			}
		}
	}
}

// Purpose returns the purpose with the given ID, or nil.
func (p *Policy) Purpose(id string) *Purpose {
	for _, pu := range p.Purposes {
		if pu.ID == id {
			return pu
		}
	}
	return nil
}

// Provision returns the third-party provision with the given ID, or nil.
func (p *Policy) Provision(id string) *Provision {
	for _, pr := range p.ThirdParties.Provisions {
		if pr.ID == id {
			return pr
		}
	}
	return nil
}

// RetentionFor returns the retention rules that cover an item of the purpose.
func (pu *Purpose) RetentionFor(itemID string) []*Retention {
	var out []*Retention
	for _, r := range pu.Retention {
		if len(r.Items) == 0 || slices.Contains(r.Items, itemID) {
			out = append(out, r)
		}
	}
	return out
}

// Rule returns the purpose's retention rule with the given ID, or nil.
func (pu *Purpose) Rule(id string) *Retention {
	for _, r := range pu.Retention {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Declares reports whether the purpose collects the item.
func (pu *Purpose) Declares(itemID string) bool {
	return slices.ContainsFunc(pu.Items, func(it *Item) bool { return it.ID == itemID })
}

// NamesStatute reports whether the purpose's basis names at least one statute.
func (pu *Purpose) NamesStatute() bool {
	for _, s := range pu.Basis.Statutes {
		if s.Law != "" {
			return true
		}
	}
	return false
}

// SeparateConsent reports whether the purpose asks its own, separate consent.
func (pu *Purpose) SeparateConsent() bool {
	return pu.Basis.Consent && pu.Consent != nil && pu.Consent.Separate
}

// LoadFS reads every declaration under root/<service>/*.yaml in fsys, lints
// each one and the versions of a service against each other, and returns the
// registry. Any problem refuses the whole load.
func LoadFS(fsys fs.FS, root string) (*Registry, error) {
	names, err := fs.Glob(fsys, path.Join(root, "*", "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no policy declarations under %s/<service>/*.yaml", root)
	}
	var probs Problems
	var all []*Policy
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		p, err := Parse(name, data)
		var ps Problems
		if errors.As(err, &ps) {
			probs = append(probs, ps...)
			continue
		} else if err != nil {
			return nil, err
		}
		probs = append(probs, Lint(p)...)
		if dir := path.Base(path.Dir(name)); dir != p.Service {
			probs = append(probs, Problem{name, p.Line, fmt.Sprintf("service %q declared in folder %q: the folder must be named after the service", p.Service, dir)})
		}
		all = append(all, p)
	}
	r, rprobs := newRegistry(all)
	probs = append(probs, rprobs...)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return r, nil
}

// LoadDir is LoadFS over a directory on disk.
func LoadDir(dir string) (*Registry, error) {
	return LoadFS(os.DirFS(dir), ".")
}
