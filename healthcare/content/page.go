package content

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
)

//go:embed templates
var templateFS embed.FS

var (
	pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))
	style = mustRead("templates/contents.css")
)

func mustRead(name string) []byte {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic("content: " + err.Error())
	}
	return b
}

// listPage is what the list page shows.
type listPage struct{ Articles []Article }

// render writes a page, rendered into a buffer first so that a template
// failure never sends half a page.
func render(w http.ResponseWriter, name string, data any) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

func (h *HTTP) listPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Participant(r); err != nil {
		return err
	}
	return render(w, "list.html", listPage{h.Library.List()})
}

func (h *HTTP) articlePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Participant(r); err != nil {
		return err
	}
	a, err := h.Library.Get(r.PathValue("id"))
	if err != nil {
		return err
	}
	return render(w, "article.html", a)
}

func (h *HTTP) style(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, err := w.Write(style)
	return err
}
