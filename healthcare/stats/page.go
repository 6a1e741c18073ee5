package stats

import (
	"bytes"
	"embed"
	"html/template"

	"jikimi/web/chart"
)

//go:embed templates
var templateFS embed.FS

// The statistics are a screen of the staff console, in its layout (and its
// stylesheet, which has the charts'): this template is the screen's content
// only, with no script and no inline style.
var pageTemplate = template.Must(template.New("stats.html").Funcs(template.FuncMap{
	"deref": func(p *float64) float64 { return *p },
	"hatch": chart.Defs,
}).ParseFS(templateFS, "templates/stats.html"))

// Page is what the statistics screen shows.
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

// HTML is the screen's content, rendered into a buffer first so that a
// template failure never sends half a page.
func (p Page) HTML() (template.HTML, error) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // html/template escaped every value
}
