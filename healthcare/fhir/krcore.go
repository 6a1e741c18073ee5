package fhir

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"jikimi/healthcare/measure"
)

// KR Core 2.0.0's Observation profiles, read from their FHIR Shorthand
// (definitions/krcore). An Observation that claims one in meta.profile is
// held to it and its KR Core parents; the rules taken are those of four
// shapes, which are all the Observation profiles' constraints on what the
// service reads:
//
//	* PATH = #CODE (exactly)   and   * PATH = "TEXT" (exactly)   a fixed value
//	* PATH 1..                                                   a required element
//	* PATH only Quantity                                         a value's type
//
// Category is not held (the policy, not the category, decides what is
// taken), nor subject's and performer's target types (not read), nor the
// invariants krcore-obs-01/02, whose text the shipped files do not hold.

// krRule is one rule of a KR Core profile.
type krRule struct {
	path  string // FSH path, e.g. value[x].code, component[Systolic].value[x].code
	fixed string // the fixed value, for a fixed rule
	min1  bool   // a required element
	only  string // the one type of a choice element
}

type krProfile struct {
	id, parent string
	rules      []krRule
}

var (
	fshFixed = regexp.MustCompile(`^\* (\S+) = (?:#(\S+)|"([^"]*)") \(exactly\)$`)
	fshMin1  = regexp.MustCompile(`^\* (\S+) 1\.\.\*?( MS)?$`)
	fshOnly  = regexp.MustCompile(`^\* (\S+) only (Quantity)$`)
	fshHead  = regexp.MustCompile(`^(Profile|Parent|Id): (\S+)`)
)

// loadKRCore reads every embedded KR Core profile, by canonical URL.
var loadKRCore = sync.OnceValues(func() (map[string]*krProfile, error) {
	canonical, err := krCanonical()
	if err != nil {
		return nil, err
	}
	byName := map[string]*krProfile{}
	files, _ := fs.Glob(definitions, "definitions/krcore/*.fsh")
	for _, f := range files {
		raw, _ := definitions.ReadFile(f)
		name, p := readFSH(raw)
		if p.id == "" || len(p.rules) == 0 {
			return nil, fmt.Errorf("%s: no profile or no rule read", f)
		}
		byName[name] = p
	}
	out := map[string]*krProfile{}
	for _, p := range byName {
		if parent, ok := byName[p.parent]; ok {
			p.parent = parent.id
		} else {
			p.parent = "" // Observation itself
		}
		out[canonical+"/StructureDefinition/"+p.id] = p
	}
	return out, nil
})

func krCanonical() (string, error) {
	raw, err := definitions.ReadFile("definitions/krcore/sushi-config.yaml")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if c, ok := strings.CutPrefix(line, "canonical: "); ok {
			return strings.TrimSpace(c), nil
		}
	}
	return "", fmt.Errorf("krcore: no canonical in sushi-config.yaml")
}

// readFSH reads one profile's name, id, parent and rules.
func readFSH(raw []byte) (string, *krProfile) {
	p := &krProfile{}
	var name string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := fshHead.FindStringSubmatch(line); m != nil {
			switch m[1] {
			case "Profile":
				name = m[2]
			case "Parent":
				p.parent = m[2]
			case "Id":
				p.id = m[2]
			}
			continue
		}
		switch m := []([]string){fshFixed.FindStringSubmatch(line), fshMin1.FindStringSubmatch(line), fshOnly.FindStringSubmatch(line)}; {
		case m[0] != nil:
			p.rules = append(p.rules, krRule{path: m[0][1], fixed: m[0][2] + m[0][3]})
		case m[1] != nil:
			p.rules = append(p.rules, krRule{path: m[1][1], min1: true})
		case m[2] != nil:
			p.rules = append(p.rules, krRule{path: m[2][1], only: m[2][2]})
		}
	}
	return name, p
}

// krCore holds the Observation to the KR Core profiles it claims.
func (r *reader) krCore(root obj) {
	meta, ok := r.object(root, "meta")
	if !ok || r.err != nil {
		return
	}
	profiles, err := loadKRCore()
	if err != nil {
		r.fail(measure.SchemaViolation, "/meta") // never: a test loads them
		return
	}
	for _, claimed := range r.strings(meta, "profile") {
		url, _, _ := strings.Cut(claimed, "|")
		for p := profiles[url]; p != nil && r.err == nil; p = profiles[parentURL(profiles, p)] {
			r.krProfile(root, p)
		}
	}
}

func parentURL(profiles map[string]*krProfile, p *krProfile) string {
	for url, q := range profiles {
		if q.id == p.parent && p.parent != "" {
			return url
		}
	}
	return ""
}

// krProfile applies one profile's rules.
func (r *reader) krProfile(root obj, p *krProfile) {
	sliceCode := sliceCodes(p)
	for _, rule := range p.rules {
		if strings.HasPrefix(rule.path, "category") || r.err != nil {
			continue
		}
		if concept, ok := strings.CutSuffix(rule.path, ".coding[LOINC].code"); ok && rule.fixed != "" {
			r.krCode(root, concept, rule.fixed, sliceCode)
			continue
		}
		parentPath, last := splitPath(rule.path)
		for _, parent := range r.resolve(root, parentPath, sliceCode) {
			r.krCheck(parent, last, rule)
		}
	}
}

// sliceCodes maps a component slice's name to its fixed LOINC code.
func sliceCodes(p *krProfile) map[string]string {
	out := map[string]string{}
	for _, rule := range p.rules {
		if name, ok := strings.CutPrefix(rule.path, "component["); ok && strings.HasSuffix(rule.path, "].code.coding[LOINC].code") {
			out[name[:strings.Index(name, "]")]] = rule.fixed
		}
	}
	return out
}

func splitPath(path string) (string, string) {
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}

// resolve finds the nodes a FSH path names in the instance: value[x] is
// valueQuantity, coding[LOINC] the LOINC codings, component[S] the
// components coded as slice S.
func (r *reader) resolve(root obj, path string, sliceCode map[string]string) []obj {
	nodes := []obj{root}
	if path == "" {
		return nodes
	}
	for _, seg := range strings.Split(path, ".") {
		var next []obj
		for _, n := range nodes {
			next = append(next, r.step(n, seg, sliceCode)...)
		}
		nodes = next
	}
	return nodes
}

func (r *reader) step(n obj, seg string, sliceCode map[string]string) []obj {
	name, slice, _ := strings.Cut(strings.TrimSuffix(seg, "]"), "[")
	if name == "value" && slice == "x" {
		q, ok := r.object(n, "valueQuantity")
		if !ok {
			return nil
		}
		return []obj{q}
	}
	var members []obj
	if o, ok := n.m[name].(map[string]any); ok {
		members = []obj{{o, n.at(name)}}
	} else {
		members = r.list(n, name)
	}
	if slice == "" {
		return members
	}
	var out []obj
	for _, m := range members {
		switch {
		case name == "coding" && slice == "LOINC" && r.str(m, "system") == loincSystem:
			out = append(out, m)
		case name == "component":
			if cc, ok := r.object(m, "code"); ok && slices.Contains(r.codes(cc, loincSystem), sliceCode[slice]) {
				out = append(out, m)
			}
		}
	}
	return out
}

// krCode requires a fixed LOINC code among the codings of each concept the
// path names (a component slice is found by that code, so only the
// Observation's own code can fail).
func (r *reader) krCode(root obj, concept, code string, sliceCode map[string]string) {
	for _, cc := range r.resolve(root, concept, sliceCode) {
		if !slices.Contains(r.codes(cc, loincSystem), code) {
			r.fail(measure.SchemaViolation, cc.path)
		}
	}
}

// krCheck applies a rule to one node.
func (r *reader) krCheck(n obj, last string, rule krRule) {
	if last == "value[x]" && rule.only != "" {
		for k := range n.m {
			if strings.HasPrefix(k, "value") && k != "valueQuantity" {
				r.fail(measure.SchemaViolation, n.at(k))
			}
		}
		return
	}
	key := last
	if last == "value[x]" {
		key = "valueQuantity"
	}
	if strings.Contains(key, "[") {
		return // a slice's own cardinality: its members' rules carry it
	}
	v, present := n.m[key]
	switch {
	case rule.min1 && !present:
		r.fail(measure.SchemaViolation, n.at(key))
	case rule.fixed != "" && present && v != rule.fixed:
		reason := measure.SchemaViolation
		if key == "code" && strings.HasSuffix(n.path, "valueQuantity") {
			reason = measure.BadUnit // a Quantity's unit code
		}
		r.fail(reason, n.at(key))
	}
}

// strings reads an array of strings; nil when absent.
func (r *reader) strings(o obj, key string) []string {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	arr, isArr := v.([]any)
	var out []string
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	if !isArr || len(out) != len(arr) {
		r.fail(measure.SchemaViolation, o.at(key))
	}
	return out
}
