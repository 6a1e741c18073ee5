package web

import (
	"fmt"
	"reflect"
	"strings"
	"text/template/parse"
)

// CheckPage checks, without running it, that every field, method and
// variable the named page's templates use (the layout's included) exists on
// the type of data, following with, range, variables and template calls,
// and that what a range walks over can be ranged over. A value of interface
// type, and the result of and/or, end the check of a chain. Every page
// package tests each page with it, so a renamed field fails a test instead
// of a citizen's page.
func CheckPage(p *Pages, name string, data Page) error {
	set, ok := p.sets[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	c := &checker{lookup: func(n string) *parse.Tree {
		if t := set.Lookup(n); t != nil {
			return t.Tree
		}
		return nil
	}, funcs: p.funcs, seen: map[string]bool{}}
	c.template("layout", reflect.TypeOf(data))
	if len(c.problems) > 0 {
		return fmt.Errorf("page %s: %s", name, strings.Join(c.problems, "; "))
	}
	return nil
}

type checker struct {
	lookup   func(string) *parse.Tree
	funcs    map[string]any
	seen     map[string]bool
	problems []string
}

type scope map[string]reflect.Type

func (c *checker) fail(n parse.Node, tree *parse.Tree, format string, args ...any) {
	loc := ""
	if tree != nil && n != nil {
		loc, _ = tree.ErrorContext(n)
		loc += ": "
	}
	c.problems = append(c.problems, loc+fmt.Sprintf(format, args...))
}

func (c *checker) template(name string, dot reflect.Type) {
	key := name + "\x00" + fmt.Sprint(dot)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	tree := c.lookup(name)
	if tree == nil {
		c.fail(nil, nil, "no template %q", name)
		return
	}
	w := walker{c: c, tree: tree}
	w.walk(tree.Root, dot, scope{"$": dot})
}

// walker checks one template's tree.
type walker struct {
	c    *checker
	tree *parse.Tree
}

func (w walker) walk(n parse.Node, dot reflect.Type, vars scope) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, x := range n.Nodes {
			w.walk(x, dot, vars)
		}
	case *parse.ActionNode:
		w.declare(n.Pipe, w.pipe(n.Pipe, dot, vars), vars)
	case *parse.IfNode:
		w.declare(n.Pipe, w.pipe(n.Pipe, dot, vars), vars)
		w.walk(n.List, dot, vars)
		w.walk(n.ElseList, dot, vars)
	case *parse.WithNode:
		t := w.pipe(n.Pipe, dot, vars)
		w.declare(n.Pipe, t, vars)
		w.walk(n.List, t, vars)
		w.walk(n.ElseList, dot, vars)
	case *parse.RangeNode:
		key, elem := w.elems(n, w.pipe(n.Pipe, dot, vars))
		switch len(n.Pipe.Decl) {
		case 1:
			vars[n.Pipe.Decl[0].Ident[0]] = elem
		case 2:
			vars[n.Pipe.Decl[0].Ident[0]], vars[n.Pipe.Decl[1].Ident[0]] = key, elem
		}
		w.walk(n.List, elem, vars)
		w.walk(n.ElseList, dot, vars)
	case *parse.TemplateNode:
		var t reflect.Type
		if n.Pipe != nil {
			t = w.pipe(n.Pipe, dot, vars)
		}
		w.c.template(n.Name, t)
	}
}

func (w walker) declare(p *parse.PipeNode, t reflect.Type, vars scope) {
	if p != nil && len(p.Decl) == 1 {
		vars[p.Decl[0].Ident[0]] = t
	}
}

// elems are the key and element types of what a range walks over.
func (w walker) elems(n *parse.RangeNode, t reflect.Type) (key, elem reflect.Type) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil, nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Int:
		return t, t
	case reflect.Interface:
		return nil, nil
	}
	w.c.fail(n, w.tree, "cannot range over %s", t)
	return nil, nil
}

// pipe is the type a pipeline yields; nil when unknown.
func (w walker) pipe(p *parse.PipeNode, dot reflect.Type, vars scope) reflect.Type {
	if p == nil {
		return dot
	}
	var t reflect.Type
	for _, cmd := range p.Cmds {
		t = w.command(cmd, dot, vars)
	}
	return t
}

func (w walker) command(cmd *parse.CommandNode, dot reflect.Type, vars scope) reflect.Type {
	var args []reflect.Type
	for _, a := range cmd.Args[1:] {
		args = append(args, w.arg(a, dot, vars))
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return w.call(id, args)
	}
	return w.arg(cmd.Args[0], dot, vars)
}

func (w walker) arg(n parse.Node, dot reflect.Type, vars scope) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return w.chain(n, dot, n.Ident)
	case *parse.VariableNode:
		t, ok := vars[n.Ident[0]]
		if !ok {
			w.c.fail(n, w.tree, "undefined variable %s", n.Ident[0])
			return nil
		}
		return w.chain(n, t, n.Ident[1:])
	case *parse.ChainNode:
		return w.chain(n, w.arg(n.Node, dot, vars), n.Field)
	case *parse.PipeNode:
		return w.pipe(n, dot, vars)
	case *parse.StringNode:
		return reflect.TypeFor[string]()
	case *parse.NumberNode:
		return reflect.TypeFor[int]()
	case *parse.BoolNode:
		return reflect.TypeFor[bool]()
	case *parse.IdentifierNode:
		return w.call(n, nil)
	}
	return nil
}

// call is the result type of a function; index and slice follow their
// argument, the comparisons are bool, and/or unknown.
func (w walker) call(id *parse.IdentifierNode, args []reflect.Type) reflect.Type {
	switch id.Ident {
	case "and", "or", "call":
		return nil
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.TypeFor[bool]()
	case "len":
		return reflect.TypeFor[int]()
	case "print", "printf", "println", "html", "js", "urlquery":
		return reflect.TypeFor[string]()
	case "slice":
		if len(args) > 0 {
			return args[0]
		}
		return nil
	case "index":
		t := args[0]
		for i := 1; i < len(args) && t != nil; i++ {
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			switch t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				t = t.Elem()
			default:
				t = nil
			}
		}
		return t
	}
	f, ok := w.c.funcs[id.Ident]
	if !ok {
		return nil // parsing already refused an undefined function
	}
	ft := reflect.TypeOf(f)
	if ft.NumOut() == 0 {
		return nil
	}
	return ft.Out(0)
}

// chain follows .A.B.C from t.
func (w walker) chain(n parse.Node, t reflect.Type, names []string) reflect.Type {
	for _, name := range names {
		if t == nil {
			return nil
		}
		next, ok := member(t, name)
		if !ok {
			w.c.fail(n, w.tree, "%s has no field or method %s", t, name)
			return nil
		}
		t = next
	}
	return t
}

// member is the type of t's exported field, method (result) or string-keyed
// map value called name; nil (and ok) for an interface, which is known only
// at run time.
func member(t reflect.Type, name string) (reflect.Type, bool) {
	for {
		if m, ok := t.MethodByName(name); ok && m.IsExported() {
			if m.Type.NumOut() == 0 {
				return nil, false
			}
			return m.Type.Out(0), true
		}
		if t.Kind() != reflect.Pointer {
			if m, ok := reflect.PointerTo(t).MethodByName(name); ok && m.IsExported() && m.Type.NumOut() > 0 {
				return m.Type.Out(0), true
			}
			break
		}
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if f, ok := t.FieldByName(name); ok && f.IsExported() {
			return f.Type, true
		}
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return t.Elem(), true
		}
	case reflect.Interface:
		return nil, true
	}
	return nil, false
}
