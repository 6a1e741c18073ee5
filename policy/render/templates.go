package render

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"strings"
	texttemplate "text/template"
)

// The templates are embedded and parsed once, when the package loads: a
// malformed template stops the program at start-up, never on a request.
//
//go:embed templates
var templateFS embed.FS

// executor is what html/template and text/template have in common.
type executor interface {
	ExecuteTemplate(w io.Writer, name string, data any) error
}

// pages are the templates every format must define.
var pages = []string{"policy", "history"}

var (
	style = mustRead(templateFS, "templates/style.css")

	templates = map[Format]executor{
		HTML:     mustParseHTML(templateFS),
		Markdown: mustParseMarkdown(templateFS),
	}
)

// StyleHash is the CSP source of the page's embedded style sheet
// ("'sha256-…'"), for a Content-Security-Policy without 'unsafe-inline'.
var StyleHash = func() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

func mustRead(fsys fs.FS, name string) string {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic("render: " + err.Error())
	}
	return string(b)
}

func mustParseHTML(fsys fs.FS) *htmltemplate.Template {
	funcs := htmltemplate.FuncMap{"style": func() htmltemplate.CSS { return htmltemplate.CSS(style) }}
	t := htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).ParseFS(fsys, "templates/*.html"))
	mustDefine(t.Lookup, "html")
	return t
}

func mustParseMarkdown(fsys fs.FS) *texttemplate.Template {
	funcs := texttemplate.FuncMap{"md": escapeMarkdown, "inc": func(i int) int { return i + 1 }}
	t := texttemplate.Must(texttemplate.New("md").Funcs(funcs).ParseFS(fsys, "templates/*.md"))
	mustDefine(t.Lookup, "md")
	return t
}

// mustDefine panics unless every page has a template in the set.
func mustDefine[T comparable](lookup func(string) T, set string) {
	var none T
	for _, p := range pages {
		if lookup(p) == none {
			panic("render: the " + set + " templates define no " + p + " page")
		}
	}
}

// markdownEscaper escapes what Markdown would read as markup inside a line;
// the page's own structure (headings, lists, tables) comes from the template.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "|", `\|`,
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }
