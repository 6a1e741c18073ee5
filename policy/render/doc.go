package render

import "strconv"

// The page types below are the whole interface between the declaration and
// the templates: the builders turn a policy into articles, clauses, lists and
// tables, and both formats lay out the same tree, so the Markdown and the
// HTML can never say different things.

// span is a run of text; the only markup a declaration's text gets is
// emphasis (for the classes of items) and links (to other versions).
type span struct {
	Text   string
	Strong bool
	Href   string
}

// inline is a line of text made of spans.
type inline []span

func plain(s string) inline { return inline{{Text: s}} }

func strong(s string) inline { return inline{{Text: s, Strong: true}} }

// IsZero reports whether the line has no text, for the templates.
func (in inline) IsZero() bool {
	for _, s := range in {
		if s.Text != "" {
			return false
		}
	}
	return true
}

// join puts the lines one after the other, with sep between them.
func join(lines []inline, sep string) inline {
	var out inline
	for i, l := range lines {
		if i > 0 {
			out = append(out, span{Text: sep})
		}
		out = append(out, l...)
	}
	return out
}

// labelled writes "label: text", the form of most lines of the policy.
func labelled(label string, text inline) inline {
	return append(plain(label+": "), text...)
}

// policyPage is the public 처리방침 of one version.
type policyPage struct {
	Title    string
	Preamble []string // paragraphs
	Articles []article
}

// article is one 조 of the policy.
type article struct {
	Num     int
	Title   string
	Clauses []clause
}

// ID is the article's anchor in the HTML page.
func (a article) ID() string { return "article-" + strconv.Itoa(a.Num) }

// clause is one 항: a sentence, then the lists, tables and notices under it.
type clause struct {
	Mark   string // ①, ②, …; empty when the article has a single clause
	Text   inline
	Blocks []block
}

// block is exactly one of a paragraph, a list or a table.
type block struct {
	Para  inline
	List  []entry
	Table *table
}

// entry is one numbered line of a list, with its sub-lines.
type entry struct {
	Head string // bold lead, e.g. a purpose's title; may be empty
	Text inline
	Sub  []inline
}

// table is a data table; the first cell of every row heads the row.
type table struct {
	Caption string
	Head    []string
	Rows    [][]inline
}

// historyPage lists every version of a service's policy.
type historyPage struct {
	Title    string
	Versions []versionRow
}

// versionRow is one version on the history page.
type versionRow struct {
	Version string
	Period  string // "2023.12.11 ~ 2024.3.3", or "2024.3.4 ~ 현재"
	Current bool
	Href    string // its full text here; empty when it is not declared
	Note    string
}
