package render

import "jikimi/policy"

// builder turns one declaration into the articles of its public text.
type builder struct {
	p     *policy.Policy
	short string // the controller as the text names it
	we    string // the short name with its topic particle: "서울시는"
}

// section builds one article: its title and clauses; no clauses leaves the
// article out (a policy without pseudonymised processing has no such 조).
type section func(*builder) (string, []clause)

// sections is the order of the articles, fixed so that numbering is
// deterministic: it follows the list of Act 30 and Decree 31.
var sections = []section{
	(*builder).purposes,
	(*builder).retention,
	(*builder).items,
	(*builder).files,
	(*builder).thirdParties,
	(*builder).consignment,
	(*builder).destruction,
	(*builder).rights,
	(*builder).accessDesk,
	(*builder).security,
	(*builder).cookies,
	(*builder).officer,
	(*builder).remedies,
	(*builder).pseudonymised,
	(*builder).changes,
}

func newPolicyPage(p *policy.Policy) policyPage {
	short := or(p.Controller.ShortName, p.Controller.Name)
	b := &builder{p: p, short: short, we: topic(short)}
	page := policyPage{Title: p.Title, Preamble: lines(b.preamble())}
	for _, s := range sections {
		title, clauses := s(b)
		if len(clauses) == 0 {
			continue
		}
		page.Articles = append(page.Articles, article{Num: len(page.Articles) + 1, Title: title, Clauses: numbered(clauses)})
	}
	return page
}

// numbered marks the clauses ①, ②, … when an article has more than one.
func numbered(cs []clause) []clause {
	if len(cs) < 2 {
		return cs
	}
	for i := range cs {
		cs[i].Mark = circled(i + 1)
	}
	return cs
}

func (b *builder) preamble() string {
	if b.p.Preamble != "" {
		return b.p.Preamble
	}
	return b.p.Controller.Name + "(이하 “" + b.short + "”)" + particle(b.we, b.short) +
		" 「개인정보 보호법」 제30조에 따라 정보주체의 개인정보를 보호하고 이와 관련한 고충을 신속하고 원활하게 처리하기 위하여 다음과 같이 개인정보 처리방침을 수립·공개합니다."
}

// particle is the topic particle alone, as it follows a quoted name.
func particle(withParticle, word string) string { return withParticle[len(word):] }

// say is a clause of text, then the given blocks. Each line of the text is
// a paragraph: a declaration breaks lines only where the seed does.
func say(s string, blocks ...block) clause {
	var c clause
	for i, l := range lines(s) {
		if i == 0 {
			c.Text = plain(l)
		} else {
			c.Blocks = append(c.Blocks, block{Para: plain(l)})
		}
	}
	c.Blocks = append(c.Blocks, blocks...)
	return c
}

// sayList is a clause of text and a list.
func sayList(s string, list []entry) clause { return say(s, block{List: list}) }

// sayTable is a clause of text and a table.
func sayTable(s string, t *table) clause { return say(s, block{Table: t}) }

// texts turns titled paragraphs into list entries.
func texts(ts []*policy.Text) []entry {
	out := make([]entry, 0, len(ts))
	for _, t := range ts {
		out = append(out, entry{Head: t.Title, Text: plain(flat(t.Body))})
	}
	return out
}

// cell is a table cell; an empty one shows a dash so no cell reads as missing.
func cell(s string) inline { return plain(or(flat(s), "-")) }
