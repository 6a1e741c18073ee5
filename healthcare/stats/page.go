package stats

import (
	"bytes"
	"embed"
	"html/template"
	"io"

	"jikimi/web/chart"
)

//go:embed templates
var templateFS embed.FS

// Style is the page's stylesheet with the charts', served from this origin
// (the CSP allows 'self' stylesheets, no inline style).
var Style = append(mustRead("templates/stats.css"), chart.CSS...)

var pageTemplate = template.Must(template.New("stats.html").Funcs(template.FuncMap{
	"deref": func(p *float64) float64 { return *p },
	"hatch": chart.Defs,
}).ParseFS(templateFS, "templates/stats.html"))

func mustRead(name string) []byte {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic("stats: " + err.Error())
	}
	return b
}

// Page is what the statistics page shows.
type Page struct {
	Report   *Report
	Tables   []chart.BarChart
	Steps    chart.LineChart
	MinWeeks int
}

// NewPage lays out a report.
func NewPage(r *Report) Page {
	return Page{Report: r, Tables: []chart.BarChart{Bars(r.ByDistrict), Bars(r.ByAgeBand), Bars(r.BySex)},
		Steps: Line(r.Steps), MinWeeks: MinFollowUpDays / 7}
}

// Render writes the page, rendered into a buffer first so that a template
// failure never sends half a page.
func (p Page) Render(w io.Writer) error {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
